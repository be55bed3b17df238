"""Builders of test files (DOCX, PDF, zips, hostile variants), generated at test time so that no big or
binary fixture has to live in the repository."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx_xml(body: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def paragraphs(text: str) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>' for line in text.split("\n"))


def table(rows: list[list[str]]) -> str:
    cells = "".join(
        "<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl>{cells}</w:tbl>"


def make_docx(text: str = "", *, body: str | None = None, document_xml: str | bytes | None = None, extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        if document_xml is not None:
            archive.writestr("word/document.xml", document_xml)
        else:
            archive.writestr("word/document.xml", docx_xml(body if body is not None else paragraphs(text)))
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def patch_central_directory(data: bytes, *, uncompressed: int | None = None, flag_bits: int | None = None) -> bytes:
    """Rewrite fields of every central-directory entry (to forge declared sizes or the encryption flag)."""
    out = bytearray(data)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        if flag_bits is not None:
            struct.pack_into("<H", out, position + 8, flag_bits)
        if uncompressed is not None:
            struct.pack_into("<I", out, position + 24, uncompressed)
        position = out.find(b"PK\x01\x02", position + 4)
    return bytes(out)


def gbk_zip_name(name: str, content: bytes) -> bytes:
    """A zip whose member name is GBK without the UTF-8 flag, as Windows in Chinese writes them."""
    encoded = name.encode("gbk")
    placeholder = b"Q" * len(encoded)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(placeholder.decode("ascii")), content)
    return buffer.getvalue().replace(placeholder, encoded)


# --- PDF ---------------------------------------------------------------------------------------------

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    state = list(range(256))
    j = 0
    for i in range(256):
        j = (j + state[i] + key[i % len(key)]) % 256
        state[i], state[j] = state[j], state[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + state[i]) % 256
        state[i], state[j] = state[j], state[i]
        out.append(byte ^ state[(state[i] + state[j]) % 256])
    return bytes(out)


def build_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


_PAGE_TREE = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def blank_pdf() -> bytes:
    """One page and no text at all: what a scan without OCR looks like to a text extractor."""
    return build_pdf(list(_PAGE_TREE))


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    """A PDF protected by the standard security handler (RC4 40-bit, revision 2) with a user password."""
    file_id = hashlib.md5(b"resume", usedforsecurity=False).digest()
    owner = _rc4(hashlib.md5((owner_password + _PAD)[:32], usedforsecurity=False).digest()[:5], (user_password + _PAD)[:32])
    permissions = -44
    key = hashlib.md5(
        (user_password + _PAD)[:32] + owner + struct.pack("<i", permissions) + file_id, usedforsecurity=False
    ).digest()[:5]
    user = _rc4(key, _PAD)
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (
        owner.hex().encode(), user.hex().encode(), permissions,
    )
    ident = file_id.hex().encode()
    return build_pdf([*_PAGE_TREE, encrypt], b"/Encrypt 4 0 R /ID [<%s> <%s>]" % (ident, ident))


def text_pdf(text: str) -> bytes:
    """A real PDF with a CJK text layer (weasyprint with the Debian Noto CJK font)."""
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in text.split("\n"))
    html = (
        "<html><head><meta charset='utf-8'><style>body{font-family:'Noto Sans CJK SC',sans-serif;font-size:10pt}"
        f"p{{margin:2pt 0}}</style></head><body>{body}</body></html>"
    )
    return HTML(string=html).write_pdf()


def image_pdf(text: str) -> bytes:
    """A PDF whose only content is a picture of text (a scan)."""
    import pypdfium2 as pdfium
    from PIL import Image

    picture = text_png(text)
    document = pdfium.PdfDocument.new()
    image = Image.open(io.BytesIO(picture))
    width, height = image.size
    page = document.new_page(width * 72 / 150, height * 72 / 150)
    pdf_image = pdfium.PdfImage.new(document)
    bitmap = pdfium.PdfBitmap.from_pil(image.convert("RGB"))
    pdf_image.set_bitmap(bitmap)
    pdf_image.set_matrix(pdfium.PdfMatrix().scale(width * 72 / 150, height * 72 / 150))
    page.insert_obj(pdf_image)
    page.gen_content()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_png(text: str) -> bytes:
    """A PNG of ``text`` drawn with the Noto CJK font (for the OCR path)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 36)
    lines = text.split("\n")
    image = Image.new("L", (1400, 60 * len(lines) + 80), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((40, 40 + 60 * index), line, font=font, fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ole_file(*, encrypted: bool) -> bytes:
    """The start of an OLE2 compound file: what legacy .doc files and encrypted DOCX files are."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    marker = "EncryptionInfo".encode("utf-16-le") if encrypted else "WordDocument".encode("utf-16-le")
    return header + marker + b"\x00" * 2048
