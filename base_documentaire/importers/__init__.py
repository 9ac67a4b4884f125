"""Import of notices, in layers: reading (formats, csv_format, ris_format, unimarc_format, reading,
records: files become NoticeRecords, read as streams), validation (validation: CheckedRecords,
nothing written), writing a batch at a time (writing, filling, terms, relations, publication;
the stored notices read by ../notice_loading) and the report (report: counts and each record's
outcome); service.py is what callers use (see also the import_notices management command)."""
