"""Import of notices, in layers: reading (formats, csv_format, ris_format, reading, records: files
become NoticeRecords), validation (validation: CheckedRecords, nothing written), writing
(writing, filling, publication); service.py is what callers use (see also the import_notices
management command)."""
