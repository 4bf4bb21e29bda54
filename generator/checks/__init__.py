"""Checking content beyond its schema: the content-guide lint (lessons, pupil materials, readability) and themes."""
