<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name></name>
    <message>
        <source>{0} new visit will be added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} new visits will be added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visit will be updated with newer changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits will be updated with newer changes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visit was changed both here and there: both versions will be kept, for you to choose what to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits were changed both here and there: both versions will be kept, for you to choose what to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visit deleted on the other computer will be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits deleted on the other computer will be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visit is already here as it is and is left alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits are already here as they are and are left alone.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ArrivalsDialog</name>
    <message>
        <source>Sync: what arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing has arrived since Undercover started.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupsPanel</name>
    <message>
        <source>Undercover copies this database once a day when it starts, and before every import, upgrade and restore. It keeps the copies from the last {0} days that have one (of those taken before an import, the newest {2} of each day), and the newest of each of the {1} weeks before them. File → Restore from backup… puts one back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the backups folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups folder: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No backups yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} copies, {1} in all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 copy, {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BugReportDialog</name>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undercover hit an unexpected problem. Everything you entered up to now is saved.
Please send the details below to whoever supports your copy of Undercover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>They are also in the log file: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoiceInput</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authentic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N/A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applicable: left out of every score (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Y yes · N no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · A n/a</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>0–9 · 1 0 quickly for 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1–5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Resolve conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit was changed on two computers after it was sent. Both versions are kept. For each difference, choose the version to keep; the rest stays as shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep these</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no evaluator code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown ({0}, {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other ({0}, {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photo {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not in this version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no summary)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no scenario)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · {1} · started {2}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteLocationDialog</name>
    <message>
        <source>Delete location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} has 1 visit. Move it to another location, then delete {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} has {1} visits. Move them to another location, then delete {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New location…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move 1 visit to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move {0} visits to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move and delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DemoBanner</name>
    <message>
        <source>Back to my database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the demo business, made up to explore the app. Your own visits are kept apart from it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is the demo business, made up to explore the app. Your own visits stay in {0}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DomainLabel</name>
    <message>
        <source>In person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Web</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Medium</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>High</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engaging empathy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serving spirit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Palpable presence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed opportunity</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EmptyState</name>
    <message>
        <source>Welcome to Undercover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See your business the way your customers do. Visit, phone or chat as a customer would, then record what happened: the guided checklist scores empathy, service and attention, your photos become evidence, and every leak and missed opportunity turns into a clear finding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a location and begin the checklist (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the demo business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A made-up coffee shop with three branches and a few months of visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo business is kept in its own file, apart from your visits. Everything you enter is saved as you type.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingDialog</name>
    <message>
        <source>Edit finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A moment where a customer would be lost or had to work too hard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed opportunity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value left on the table: no suggestion, no invitation to return, no referral asked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened, as a customer would tell it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. At the counter, Paying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where in the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quoted words, times, what you saw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Space ticks or unticks the chosen photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add photos to the visit; they are ticked as evidence for this finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit has no photos yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What staff should do differently next time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recommendation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save finding</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingRow</name>
    <message>
        <source>{0} severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evidence: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n evidence photo</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n evidence photos</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bring back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggest this finding again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C confirm · D dismiss · E edit · ↑↓ next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E edit · Delete delete · ↑↓ next</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindingsPage</name>
    <message>
        <source>FINDINGS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leaks and missed opportunities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add finding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Low answers suggest the findings below. Confirm what really happened, edit to add detail, or dismiss what does not apply; add anything the checklist did not ask about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm all…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm every suggestion as it is; each can still be edited or deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: ↑ ↓ move · C confirm · D dismiss · E edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drop photo files anywhere on this page to add them to the visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggested by low answers ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No findings yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No findings were recorded for this visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismissed ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm all suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm all {0} suggested findings as they are? Each can still be edited or deleted afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete finding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the finding “{0}”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Photos of this visit ({0})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FolderRow</name>
    <message>
        <source>Not used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop using</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not a folder. Create it first, or choose another.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ImportPreview</name>
    <message>
        <source>Import visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is complete and undamaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} are complete and undamaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} brings nothing new: every visit in it is already here.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Edit location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Harbour Street branch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;New visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a visit: choose location, channel, checklist and scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the visit chosen in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Continue latest draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete visit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit &amp;details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change where, when and how the visit happened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PDF of the findings of this visit or the visits chosen in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;summary…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PDF summing up many visits: scores over time, pillars, top findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;nd visits…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the visits chosen in the list as one file to send to the owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import visits…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add or update visits from .undercover files sent by shoppers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resolve conflict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose between two versions of a visit changed on two computers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen visits as a CSV file for Excel or LibreOffice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restore from backup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the de&amp;mo business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings and locations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All &amp;visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Search visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Undercover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the &amp;log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undercover {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mystery-shopper visits, photos, leaks and missed opportunities, and printable findings. Works offline; everything is kept in one file:
{0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} — Undercover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: {0} (and {1} more; see the log)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All changes saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the visit to {0} on {1}? Its answers, photos and findings go with it. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {0} visits? Their answers, photos and findings go with them. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n visit</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted %n visits</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the database…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program is writing to the database. Your changes are kept and saved, in order, as soon as it is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open recen&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (not found)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the ones not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No databases opened yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open or create a database</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the demo business…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Undercover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} was not added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this visit is read-only: use Edit visit first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>drop photos on a question or on the visit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open a visit to add photos; the list takes .undercover files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only photos (in an open visit) and .undercover files can be dropped.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewVisitDialog</name>
    <message>
        <source>New visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When did the visit happen? Reports print these times. Leave the end open while the visit is under way: completing it records the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New location…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name of the new location, e.g. Harbour Street</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What will you do or ask? e.g. Buy a coffee and ask which cake goes with it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your evaluator code, e.g. MS-014</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-assessment (how I believe a visit goes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept out of every observed score; summaries set it beside what evaluators saw.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start visit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteEdit</name>
    <message>
        <source>Clear the note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NumberInput</name>
    <message>
        <source>N/A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applicable: left out of every score (A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or less</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>target: {0} {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>type a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · A n/a</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoIntake</name>
    <message>
        <source>{0} could not be added because of an unexpected problem (the details are in the log file).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <source>Photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caption</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the photo shows, e.g. Queue at the counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>◀ Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous photo (Page Up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next photo (Page Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This photo cannot be shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete this photo from the visit? Findings that use it as evidence lose it too.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QuestionCard</name>
    <message>
        <source>Required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needed before the visit can be completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚑ Critical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A bad answer here flags the whole visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note (F2): what you saw or heard…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F3; or drop photo files on this question. F4 shows its photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applicable: left out of the scores</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of 10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not what a customer should get</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Well short of the target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On target</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore from backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a copy of {0} to put back. What the database holds now is copied to the backups folder first, so a restore can itself be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Why</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There are no backups of this database yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups folder: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The copy taken {0} cannot be read; choose another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back the copy of {0} taken {1} ({2} visits)? Everything changed since then is replaced; the current contents are copied to the backups folder first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a backup to restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put back {0} in place of {1}? The current contents are copied to the backups folder first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SectionNav</name>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Z puts back the previous answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; a required question is still open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} questions answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} new</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SectionPage</name>
    <message>
        <source>Section {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backups</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes are saved as you make them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown at the top of every report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Business name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filled in on every new visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluator code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional; kept off reports unless ticked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluator name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the evaluator&apos;s name on reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report page size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set; e.g. {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What an average customer spends with you over the years; reports use it to put a figure on the customers leaks put at risk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. £, €, $ or EUR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer lifetime value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lifetime value cannot be negative.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use at most two decimals, e.g. {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lifetime value must be at most {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{1}” is not an amount. Type it like {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the business logo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not an image Undercover can read. Choose a PNG or JPEG file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the location {0}?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>SUMMARY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the visit went</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which part of the model needs work</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The three pillars</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scripted or authentic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authenticity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Who served you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name badge or a short description, to recognise them (optional)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A self-assessment: how you believe a visit goes. It is kept out of every observed score and set beside them in summaries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No self-assessment yet: start one from New visit to compare what you believe with what customers experience.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Belief (your self-assessment) against this visit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Belief (your %n self-assessments) against this visit:</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · visit on {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} and {1} confirmed</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n leak</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n leaks</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed opportunity</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n missed opportunities</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n suggestion waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · %n suggestions waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n required question still to answer.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n required questions still to answer.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>about as believed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} lower than believed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} higher than believed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: believed {1}, seen {2}, {3}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} scored questions answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>: not enough for a score yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · edited {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚑ Critical: this visit is flagged whatever its average, because of:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer these required questions before completing the visit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}.  {1}
      Because: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing stands out yet: answer more questions or confirm findings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit is complete. Use Edit visit at the top to change it; the change is recorded with its time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completing records the end time; the visit then opens read-only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>S&amp;ync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the inbox and write the outbox now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} at {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync {0}: up to date; {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync {0}: up to date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click to see what arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: arrived ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: updated ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: changed on two computers, both versions kept for you to choose ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: nothing new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: written to the outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 visit arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} in conflict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 visit sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} still arriving</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncSettingsTab</name>
    <message>
        <source>Undercover needs no server: a sync program such as Syncthing, or the folder of a cloud drive (Nextcloud, Dropbox, OneDrive, Google Drive), carries the visits. A shopper sets an outbox; an owner sets an inbox; one computer may use both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the outbox folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the inbox folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed visits are written here as .undercover files, and written again when they are edited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visits that arrive here are imported at once, and whenever the app starts. Files that cannot be imported are moved to a &quot;rejected&quot; folder inside it, each with a note saying why.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TextInput</name>
    <message>
        <source>Write what happened, in your own words…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Enter to move on</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UnreviewedBox</name>
    <message>
        <source>Complete visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 suggested finding is not reviewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} suggested findings are not reviewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed now, they are not in the report as findings, only as low answers not raised. Review them to confirm or dismiss each one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Review findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete anyway</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitDetailsDialog</name>
    <message>
        <source>Visit details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit is complete. Press Edit visit to change its details; the change is recorded with its time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each change is saved as you make it. Reports print these times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What did you do or ask?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluator code, e.g. MS-014</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The checklist shows the questions that apply to the new channel; answers already given are kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Times not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The times you entered are not saved. {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close without them</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitEditor</name>
    <message>
        <source>You are editing a completed visit. Each change is saved at once and the visit records when it was edited.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit was changed in another window or program; it now shows what was saved there, with your changes on top.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitFinishing</name>
    <message>
        <source>The visit is completed when they are in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes to this visit could not be saved ({0} waiting): another program kept the database locked for a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the database… changes not saved yet: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing 1 photo…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finishing {0} photos…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitFooter</name>
    <message>
        <source>← Back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary →</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Section {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Adding photos… {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitHeader</name>
    <message>
        <source>← Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back to the list of visits (everything is saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location, date and times, channel, scenario and evaluator (Alt+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change this completed visit; the change is recorded with its time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PDF of this visit&apos;s findings (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed · read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed · editing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitListPage</name>
    <message>
        <source>Visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a new visit (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search notes, scenarios and findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export findings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PDF of the chosen visits&apos; findings (Ctrl+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send visits…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the chosen visits as one file to send to the owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen visits as a spreadsheet file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All locations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carry on with the visit at {0}, {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visit is in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits · {1} in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing {0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visits match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches “{0}” among the visits the filters leave.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visit mentions “{0}” in its notes, scenario or findings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No visit has the location, status and period chosen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Visit details…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitPhotos</name>
    <message>
        <source>Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This visit is complete. Press Edit visit first to add photos.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Already in this visit, so not added again: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some photos were not added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} files could not be added; the others were.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitTimesEdit</name>
    <message>
        <source>Day of the visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tick to give the end time; left open, completing the visit records it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the time, or step it with the arrow keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VisitsModel</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Score</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}, changed on two computers since it was sent: both versions are kept. Choose what to keep with File → Resolve conflict…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not enough answers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1} scored questions answered: a score needs at least {2}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provisional: this visit is still a draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A critical question went badly in this visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In conflict</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>csv_export</name>
    <message>
        <source>Saved %n visit as {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %n visits as {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exchange</name>
    <message>
        <source>Send visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one or more visits in the list first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 photo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0} with {1} as {2}; send this file to the owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import visits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Imported: {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database as it was before is kept in {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing visits…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undercover</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>restore</name>
    <message>
        <source>Start of the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before an import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before an upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Before a restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Damaged file, kept as it was</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restoring {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore from backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %n visit from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restored %n visits from {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undercover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open it anyway</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not an SQLite database file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {0} is damaged (SQLite&apos;s check says: {1}).

The latest good backup is from {2}, with {3} visits. Restore it? The damaged file is kept in the backups folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The database {0} is damaged (SQLite&apos;s check says: {1}), and there is no backup of it to restore. Opening it anyway may show some visits; export what you need.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backed up to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today&apos;s backup failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
