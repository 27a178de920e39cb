"""The contest's papers as files: official PDFs (results minutes, judges' score sheets,
certificates), the Excel workbook and the standings CSV.

Builders here take plain dataclasses (``contest.documents.data``) and return bytes; they never
touch the database, so the same figures print whatever produced them. ``contest.services.results``
loads the rows and builds those dataclasses.
"""
