"""Every DOCX tracker writes — apology letters, the monthly printout, the notice, the warn and
remind lists — comes from a template an office can edit in Word, through one renderer:
`template.DocumentTemplate`. Pure: no database, no settings."""
