"""The zip guards, for batch zips of resumes and for DOCX files alike: entry count, total and per-member uncompressed size and compression ratio are checked from the central directory before anything is inflated, and a member is read with a hard byte limit (limits in ``limits.py``)."""

from __future__ import annotations

import zipfile

from .extracted import ExtractionError, human_size
from .limits import Limits


def member_name(info: zipfile.ZipInfo) -> str:
    """Zips made on Chinese Windows store GBK names without the UTF-8 flag; Python then decodes them as
    cp437. Re-decode those as GB18030 so HR sees 张三简历.pdf rather than mojibake."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name.replace("\\", "/")


def guard_zip(infos: list[zipfile.ZipInfo], *, max_entries: int, max_total: int) -> None:
    if len(infos) > max_entries:
        raise ExtractionError(
            "zip_bomb", detail_zh=f"{len(infos)} 个文件，上限 {max_entries}", detail_en=f"{len(infos)} entries, limit {max_entries}"
        )
    declared = sum(i.file_size for i in infos)
    if declared > max_total:
        raise ExtractionError(
            "zip_bomb", detail_zh=f"解压后 {human_size(declared)}，上限 {human_size(max_total)}",
            detail_en=f"{human_size(declared)} once inflated, limit {human_size(max_total)}",
        )


def guard_member(info: zipfile.ZipInfo, limits: Limits, *, max_size: int) -> None:
    if info.flag_bits & 0x1:
        raise ExtractionError("encrypted", operator_detail=f"zip member {info.filename!r} is encrypted")
    if info.file_size > limits.ratio_floor_bytes and info.file_size > limits.max_compression_ratio * max(
        info.compress_size, 1
    ):
        ratio = info.file_size // max(info.compress_size, 1)
        raise ExtractionError(
            "zip_bomb", detail_zh=f"压缩比 {ratio}:1，上限 {limits.max_compression_ratio}:1",
            detail_en=f"compression ratio {ratio}:1, limit {limits.max_compression_ratio}:1",
        )
    if info.file_size > max_size:
        raise ExtractionError(
            "too_large", detail_zh=f"解压后 {human_size(info.file_size)}，上限 {human_size(max_size)}",
            detail_en=f"{human_size(info.file_size)} inflated, limit {human_size(max_size)}",
        )


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    """Read at most ``limit`` bytes: the declared size in the header is not trusted."""
    try:
        with archive.open(info) as handle:
            content = handle.read(limit + 1)
    except RuntimeError as exc:  # zipfile raises RuntimeError for encrypted members
        raise ExtractionError("encrypted", operator_detail=repr(exc)) from exc
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, ValueError) as exc:
        raise ExtractionError(
            "corrupt", detail_zh="压缩数据损坏", detail_en="damaged compressed data", operator_detail=repr(exc)
        ) from exc
    if len(content) > limit:
        raise ExtractionError(
            "zip_bomb", detail_zh="实际解压大小超过声明", detail_en="inflates beyond its declared size"
        )
    return content
