"""The contest's papers as files: official PDFs (results minutes, judges' score sheets, the draw
result, judges' login cards, certificates, vote-code sheets), the Excel workbook and the standings CSV.

Builders here take plain values (mostly the dataclasses of ``contest.documents.data``) and return
bytes; they never touch the database or the request, so the same figures print whatever produced
them. The services load the rows and build those values (``services.papers``, ``services.judge_cards``,
``services.certificates``, ``services.exports``); no PDF is drawn in ``contest.services``.
"""
