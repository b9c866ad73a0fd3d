"""The monthly summary and the monthly notice: numbers from plain rows, documents from templates.

Pure: nothing here reads the database (an import-linter contract keeps it so); the services
gather plain rows and hand them in.
"""
