"""Moving visits between machines and tools: bundles, CSV, backups."""
