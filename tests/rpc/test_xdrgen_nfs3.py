"""The NFSv3 schema generated from xdr/nfs3_prot.x keeps the wire form and the deliberate
departures of the hand-written schema it replaced (payload data, nfspath3 bound, optionals)."""

from __future__ import annotations

import enum

import pytest
import xdrlib3

from nfsrdma.gen import nfs3_prot as g
from nfsrdma.nfs3 import xdr
from rpc.buffer import BytesPayload, XdrReader, XdrWriter
from rpc.errors import XdrError


def attrs() -> g.fattr3:
    t = g.nfstime3
    return g.fattr3(
        g.NF3REG, 0o644, 1, 10, 20, 5, 8, g.specdata3(0, 0), 1, 99, t(1, 2), t(3, 4), t(5, 6)
    )


def pack_fattr(p: xdrlib3.Packer) -> None:
    for v in (1, 0o644, 1, 10, 20):
        p.pack_uint(v)
    for v in (5, 8):
        p.pack_uhyper(v)
    p.pack_uint(0), p.pack_uint(0), p.pack_uhyper(1), p.pack_uhyper(99)
    for v in (1, 2, 3, 4, 5, 6):
        p.pack_uint(v)


def test_statuses_are_a_real_intenum() -> None:
    assert issubclass(xdr.Status, enum.IntEnum) and xdr.Status is g.nfsstat3
    assert (xdr.Status.NFS3ERR_NOENT, xdr.Status.NFS3ERR_JUKEBOX) == (2, 10008)
    assert xdr.nfsstat3.enum is g.nfsstat3 and xdr.READ3res.cls is g.READ3res
    assert g.NFS_PROGRAM == xdr.PROGRAM == 100003 and g.NFSPROC3_COMMIT == 21


def test_read_reply_bytes_with_payload() -> None:
    data = b"abcde"
    res = g.READ3res(g.NFS3_OK, g.READ3resok(attrs(), 5, True, BytesPayload(data)))
    w = XdrWriter()
    xdr.READ3res.encode(w, res)
    ref = xdrlib3.Packer()
    ref.pack_enum(0), ref.pack_bool(True)
    pack_fattr(ref)
    ref.pack_uint(5), ref.pack_bool(True), ref.pack_opaque(data)
    buf = w.finish()
    assert buf.payload is not None and buf.payload.nbytes == 5  # data stayed a payload
    assert b"".join(bytes(v) for v in buf.wire_views()) == ref.get_buffer()


def test_fattr_from_storage_attrs_is_the_packed_fattr3() -> None:
    """nfs3.common.fattr packs storage Attrs with the generated packer: the same bytes as the
    fattr3 codec of an instance (checked against xdrlib3), inside a GETATTR and WRITE reply."""
    from nfsrdma.nfs3.common import fattr, wcc_pre
    from storage.backend import Attrs, FileType

    a = Attrs(FileType.REG, 0o644, 1, 10, 20, 5, 8, (0, 0), 1, 99, (1, 2), (3, 4), (5, 6))
    packed = fattr(a)
    ref = xdrlib3.Packer()
    pack_fattr(ref)
    assert packed == ref.get_buffer() == xdr.fattr3.pack(attrs())
    reply = xdr.GETATTR3res.pack((0, g.GETATTR3resok(packed)))  # type: ignore[arg-type]
    assert reply == b"\0\0\0\0" + ref.get_buffer()
    wcc = xdr.wcc_data.pack(g.wcc_data(wcc_pre(a), packed))  # type: ignore[arg-type]
    assert wcc == xdr.wcc_data.pack(g.wcc_data(
        g.wcc_attr(5, g.nfstime3(3, 4), g.nfstime3(5, 6)), attrs()))
    a2 = Attrs(FileType.DIR, 0o755, 2, 0, 0, 4096, 4096, (0, 0), 1, 2, (-1, 0), (0, 0), (0, 0))
    assert xdr.fattr3.unpack(fattr(a2)).atime.seconds == 0xFFFFFFFF  # pre-1970: wrapped, as before


def test_decoded_result_is_typed() -> None:
    ref = xdrlib3.Packer()
    ref.pack_enum(g.NFS3ERR_STALE), ref.pack_bool(False)
    r = xdr.GETATTR3res.unpack(ref.get_buffer()[:4])
    assert type(r) is g.GETATTR3res and r.tag is g.nfsstat3.NFS3ERR_STALE and r.value is None
    r2 = xdr.READ3res.unpack(ref.get_buffer())
    assert r2.resfail.file_attributes is None
    with pytest.raises(AttributeError):
        _ = r2.resok


def test_nfspath3_keeps_its_4096_bound() -> None:
    ok = xdrlib3.Packer()
    ok.pack_string(b"p" * 4096)
    assert xdr.nfspath3.unpack(ok.get_buffer()) == b"p" * 4096
    long = xdrlib3.Packer()
    long.pack_string(b"p" * 4097)
    with pytest.raises(XdrError):
        xdr.nfspath3.unpack(long.get_buffer())


def test_sattr3_optionals_and_time_unions() -> None:
    p = xdrlib3.Packer()
    p.pack_bool(True), p.pack_uint(0o600)  # mode
    p.pack_bool(False), p.pack_bool(False)  # uid, gid
    p.pack_bool(True), p.pack_uhyper(7)  # size
    p.pack_enum(g.SET_TO_CLIENT_TIME), p.pack_uint(11), p.pack_uint(12)  # atime
    p.pack_enum(g.SET_TO_SERVER_TIME)  # mtime
    s = xdr.sattr3.unpack(p.get_buffer())
    assert (s.mode, s.uid, s.gid, s.size) == (0o600, None, None, 7)
    assert s.atime.tag == g.SET_TO_CLIENT_TIME and s.atime.atime == g.nfstime3(11, 12)
    assert s.mtime.tag == g.SET_TO_SERVER_TIME and s.mtime.value is None
    assert xdr.sattr3.pack(s) == p.get_buffer()


def test_mknod_shared_arms_and_write_args_payload() -> None:
    p = xdrlib3.Packer()
    p.pack_enum(g.NF3BLK)
    for v in (False, False, False, False):
        p.pack_bool(v)
    p.pack_enum(0), p.pack_enum(0)
    p.pack_uint(8), p.pack_uint(1)
    m = xdr.mknoddata3.unpack(p.get_buffer())
    assert m.tag == g.NF3BLK and m.device.spec == g.specdata3(8, 1)
    w = xdrlib3.Packer()
    (
        w.pack_opaque(b"h" * 8),
        w.pack_uhyper(4096),
        w.pack_uint(3),
        w.pack_enum(2),
        w.pack_opaque(b"xyz"),
    )
    args = xdr.WRITE3args.decode(XdrReader(w.get_buffer()))
    assert args.file.data == b"h" * 8 and args.stable == g.FILE_SYNC
    assert b"".join(bytes(v) for v in args.data.views()) == b"xyz"
