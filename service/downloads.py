"""CSV and XLSX files as HTTP downloads, shared by the API and the pages."""
from flask import Response

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
XLSX_TYPE = CONTENT_TYPES["xlsx"]


def download(body: bytes, filename: str) -> Response:
    """An attachment named `filename`; its extension (csv or xlsx) picks the content type."""
    content_type = CONTENT_TYPES[filename.rsplit(".", 1)[-1]]
    # content_type, not mimetype: Flask would add a second charset to text/csv.
    return Response(body, content_type=content_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
