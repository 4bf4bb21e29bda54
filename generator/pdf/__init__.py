"""Finishing and auditing PDFs: WeasyPrint's output made tagged PDF/UA-1, and the audit of every built PDF."""
