"""Import of notices from CSV and RIS files: parsers (csv_format, ris_format) produce NoticeRecords,
the service applies them (see service.py and the import_notices management command)."""
