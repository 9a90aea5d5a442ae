"""Reading an uploaded vacancy file: encoding, delimiter, header, and rows numbered as a spreadsheet shows them.

Firms export from Excel or LibreOffice: UTF-8 with or without BOM, Windows-1252 in older French setups, `;` as the
delimiter where the comma is the decimal sign. Header names are matched ignoring case, spaces and accents.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from sankofa.core import validation
from sankofa.core.errors import ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.vacancies.fields import COLUMNS

MAX_ROWS = 100_000
REQUIRED = ("external_ref", "title")
DELIMITERS = (",", ";", "\t")
# First characters that make a spreadsheet cell a formula (OWASP, CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns the error report adds: a corrected error file can be uploaded again as it is.
REPORT_COLUMNS = ("error_row", "error_messages")
# French names firms are likely to type, normalised like headers are (see `_key`).
ALIASES = {
    "ref": "external_ref",
    "reference": "external_ref",
    "reference_externe": "external_ref",
    "external_reference": "external_ref",
    "titre": "title",
    "intitule": "title",
    "job_title": "title",
    "metier": "occupation",
    "competences_requises": "required_skills",
    "competences_optionnelles": "optional_skills",
    "langues": "languages",
    "lieu": "location",
    "ville": "location",
    "type_de_contrat": "contract_type",
    "secteur": "sector",
    "devise": "salary_currency",
    "postes": "positions",
    "date_de_debut": "start_date",
    "date_limite": "deadline",
}
# Magic numbers of files people upload by mistake, and what to call them.
SIGNATURES = (
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP/XLSX"),
    (b"\xd0\xcf\x11\xe0", "XLS"),
)


@dataclass(frozen=True)
class Row:
    """One data row: `number` as a spreadsheet shows it (header = 1), `index` counts data rows from 1."""

    number: int
    index: int
    values: dict[str, str]
    cells: list[str]
    extra_cells: int


@dataclass(frozen=True)
class CsvFile:
    """A decoded file whose header was understood."""

    text: str
    encoding: str  # "utf-8", "utf-16" or "cp1252"
    delimiter: str
    header: list[str]  # as written in the file
    columns: list[str | None]  # per position: the known column, or None
    unknown: list[str]

    def _raw_rows(self) -> Iterator[tuple[int, list[str]]]:
        """(spreadsheet row number, cells as written) of the non-blank data rows; ValidationFailed when a row
        cannot be read (an unclosed quote...)."""
        reader = csv.reader(io.StringIO(self.text), delimiter=self.delimiter)
        try:
            next(reader, None)
            for number, cells in enumerate(reader, start=2):
                if any(cell.strip() for cell in cells):
                    yield number, cells
        except csv.Error as exc:
            message = _('Row %(row)s cannot be read (is a closing quote " missing?): %(reason)s') % {
                "row": reader.line_num,
                "reason": str(exc)[:200],
            }
            raise ValidationFailed({"file": message}, message) from exc

    def rows(self) -> Iterator[Row]:
        """Non-blank data rows. Raises ValidationFailed when a row cannot be read (an unclosed quote...)."""
        known = [(position, name) for position, name in enumerate(self.columns) if name and name in COLUMNS]
        for index, (number, written) in enumerate(self._raw_rows(), start=1):
            cells = [validation.clean_text(unquote_formula(cell)) for cell in written]
            values = {name: cells[position] for position, name in known if position < len(cells)}
            extra = sum(1 for cell in cells[len(self.columns) :] if cell.strip())
            yield Row(number=number, index=index, values=values, cells=cells, extra_cells=extra)

    def count_rows(self) -> int:
        """Data rows in the file; refuses a file that is unreadable or over MAX_ROWS rows."""
        count = 0
        for _row in self._raw_rows():  # without cleaning every cell: `rows` does that once, for the import
            count += 1
            if count > MAX_ROWS:
                _refuse(
                    _("The file has more than %(count)s rows. Split it into several files.")
                    % {"count": f"{MAX_ROWS:,}".replace(",", " ")}
                )
        return count


def _refuse(message: str) -> None:
    raise ValidationFailed({"file": message}, message)


def _key(name: str) -> str:
    """Header name → comparable key: no accents, no case, spaces and dashes as underscores."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("\ufeff"))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return re.sub(r"[\s\-.]+", "_", plain).strip("_")


def is_report_column(name: str) -> bool:
    """A column the error report added (ignored when a corrected report is uploaded again)."""
    return _key(name) in REPORT_COLUMNS


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16"), "utf-16"
    try:
        return content.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return content.decode("cp1252", errors="replace"), "cp1252"


def check_content(content: bytes, *, max_bytes: int) -> None:
    """Refuse empty, oversized and non-text files with a message saying what to do."""
    if not content.removeprefix(b"\xef\xbb\xbf").strip():
        _refuse(_("The file is empty. Fill in the template and upload it again."))
    if len(content) > max_bytes:
        _refuse(
            _("The file is too large: files up to %(size)s MB are accepted. Split it into several files.")
            % {"size": max_bytes // 1_000_000}
        )
    for signature, kind in SIGNATURES:
        if content.startswith(signature):
            _refuse(
                _(
                    "This is not a CSV file (it looks like a %(kind)s file). In your spreadsheet, choose "
                    "“Save as” › “CSV UTF-8”, then upload that file."
                )
                % {"kind": kind}
            )
    if b"\x00" in content[:8192] and not content.startswith((b"\xff\xfe", b"\xfe\xff")):
        _refuse(_("This is not a CSV file: it contains binary data. Save your spreadsheet as “CSV UTF-8”."))


def open_csv(content: bytes, *, max_bytes: int) -> CsvFile:
    """Decode the file, find its delimiter and understand its header.

    Raises:
        ValidationFailed: the file is empty, binary, too large, or lacks the `title` or `external_ref` column.
    """
    check_content(content, max_bytes=max_bytes)
    text, encoding = _decode(content)
    if "\x00" in text:
        _refuse(_("This is not a CSV file: it contains binary data. Save your spreadsheet as “CSV UTF-8”."))
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    try:
        header = [
            validation.clean_text(name)
            for name in next(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter), [])
        ]
    except csv.Error as exc:  # a cell over csv's 131,072-character limit, or a quote that never closes
        _refuse(
            _('The first row (the column names) cannot be read (is a closing quote " missing?): %(reason)s')
            % {"reason": str(exc)[:200]}
        )
    if (row := _unclosed_quote_row(text.lstrip("\ufeff"), delimiter)) is not None:
        _refuse(
            _('Row %(row)s cannot be read (is a closing quote " missing?): %(reason)s')
            % {"row": row, "reason": _("a quote opened in this row is never closed.")}
        )
    columns: list[str | None] = []
    unknown: list[str] = []
    for name in header:
        key = _key(name)
        column = key if key in COLUMNS else ALIASES.get(key)
        if column is None and key and key not in REPORT_COLUMNS:
            unknown.append(name.strip()[:60])
        if column is not None and column in columns:
            _refuse(_("The column “%(name)s” appears twice in the header.") % {"name": name.strip()[:60]})
        columns.append(column)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        _refuse(
            _("The first row must name the columns; these are missing: %(names)s. Start from the template.")
            % {"names": ", ".join(missing)}
        )
    return CsvFile(
        text=text.lstrip("\ufeff"),
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        columns=columns,
        unknown=unknown,
    )


def _unclosed_quote_row(text: str, delimiter: str) -> int | None:
    """The row (as a spreadsheet numbers it) where a quote opens and the file ends before it closes, if any.

    Python's lenient reader silently makes the rest of the file one cell; the strict one says so, and stops at
    other oddities (`"x" y`) the lenient reading accepts, which are then left to it.
    """
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    start = 1
    try:
        for _cells in reader:
            start = reader.line_num + 1
    except csv.Error as exc:
        return start if "unexpected end of data" in str(exc) else None
    return None


def notices(csv_file: CsvFile) -> list[str]:
    """Remarks on the whole file the summary shows (the rows still import)."""
    found: list[str] = []
    if csv_file.encoding == "cp1252":
        found.append(
            _(
                "The file was not UTF-8; it was read as Latin-1/Windows-1252 — check accented letters. "
                "Next time, save it as “CSV UTF-8”."
            )
        )
    if csv_file.unknown:
        found.append(
            _("These columns are not known and were ignored: %(names)s.") % {"names": ", ".join(csv_file.unknown[:20])}
        )
    return found


def neutralise_formula(cell: str) -> str:
    """A cell a spreadsheet would run as a formula (= + - @, or a leading tab or CR) gets a leading `'`, which
    spreadsheets show as text (OWASP's advice against CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unquote_formula(cell: str) -> str:
    """Undo `neutralise_formula`, so a corrected error report uploads as the original file would."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def write(header: list[str], rows: list[list[str]], *, delimiter: str = ",") -> bytes:
    """A CSV file as Excel opens it right: UTF-8 with a BOM, CRLF line ends, no cell that runs as a formula."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow([neutralise_formula(cell) for cell in header])
    writer.writerows([neutralise_formula(str(cell)) for cell in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
