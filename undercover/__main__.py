from undercover.cli import main

raise SystemExit(main())
