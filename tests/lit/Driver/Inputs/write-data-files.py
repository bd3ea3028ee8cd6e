"""Writes the data files of train-data.mlir and train-data-errors.mlir into
DIR (argv[1]): IDX and CIFAR-10 files, good and malformed."""
import gzip, struct, sys
import numpy as np
d = sys.argv[1]
def idx(a, extra=b""):
    return struct.pack(">I", 0x800 | a.ndim) + b"".join(struct.pack(">I", s) for s in a.shape) + a.tobytes() + extra
def put(name, data):
    open(d + "/" + name, "wb").write(data)
img = (np.arange(48) * 5 % 256).astype(np.uint8).reshape(8, 2, 3)
lab = np.array([0, 1, 2, 0, 1, 2, 0, 1], np.uint8)
put("img", idx(img)); put("lab", idx(lab)); put("lab7", idx(lab[:7]))
put("img.gz", gzip.compress(idx(img)))
put("img2x2", idx(img.reshape(8, 6)[:, :4].copy().reshape(8, 2, 2)))
put("notidx", b"hello world")
put("float", struct.pack(">II", 0x0D01, 8) + bytes(32))
put("nodims", struct.pack(">I", 0x800))
put("header", struct.pack(">II", 0x803, 8))
put("trunc", idx(img)[:40])
put("trailing", idx(lab, b"xyz"))
put("badgz", b"\x1f\x8b" + b"garbage, not deflate data")
put("truncgz", gzip.compress(idx(img))[:30])
put("odd.bin", bytes(3075))
put("cifar100.bin", bytes([3]) + bytes(3072) + bytes([12]) + bytes(3072))
put("img4", idx(img[:4])); put("img4x1x1", idx(img[:4, :1, :1].copy())); put("lab4.gz", gzip.compress(idx(lab[:4])))
put("lab9", idx(np.array([0, 1, 2, 0, 1, 3, 0, 1], np.uint8)))
