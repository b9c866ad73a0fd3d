"""The DOCX templates tracker ships (data, copied into the wheel file by file) and, in
`builders`, the scripts that make them (kept out of the wheel)."""
