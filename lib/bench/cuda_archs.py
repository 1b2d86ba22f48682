#!/usr/bin/python3
"""Lists the GPU architectures a CUDA shared library carries code for.

Reads the .nv_fatbin section of an ELF file (e.g. libnd4jcuda.so from the nd4j-cuda jar) and
counts its entries by kind (ELF = compiled cubin for one sm_XX, PTX = portable code a newer GPU
can compile at load time). A GPU can run the library only if its sm_XX is listed or PTX exists.

    unzip -o ~/.m2/repository/org/nd4j/nd4j-cuda-11.6/1.0.0-M2.1/nd4j-cuda-11.6-1.0.0-M2.1-linux-x86_64-cudnn.jar \
        'org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so' -d /tmp/nd4jcuda
    /usr/bin/python3 lib/bench/cuda_archs.py /tmp/nd4jcuda/org/nd4j/linalg/jcublas/bindings/linux-x86_64-cudnn/libnd4jcuda.so
"""
import collections
import struct
import subprocess
import sys

FATBIN_MAGIC = 0xBA55ED50


def fatbin_section(path):
    out = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if ".nv_fatbin" in line:
            fields = line.split("]", 1)[1].split()
            return int(fields[3], 16), int(fields[4], 16)
    sys.exit(f"{path}: no .nv_fatbin section (not a CUDA library?)")


def entries(blob):
    """Yields (kind, sm) for every entry of every fatbin container in the section."""
    pos = 0
    while pos + 16 <= len(blob):
        magic, _version, header_size, body_size = struct.unpack_from("<IHHQ", blob, pos)
        if magic != FATBIN_MAGIC:
            pos += 8  # containers are 8-byte aligned
            continue
        p, end = pos + header_size, pos + header_size + body_size
        while p + 32 <= end:
            kind, _flags, entry_header, payload = struct.unpack_from("<HHIQ", blob, p)
            sm = struct.unpack_from("<I", blob, p + 28)[0]
            yield ("PTX" if kind == 1 else "ELF"), sm
            p += entry_header + payload
        pos = end


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    offset, size = fatbin_section(sys.argv[1])
    with open(sys.argv[1], "rb") as f:
        f.seek(offset)
        blob = f.read(size)
    counts = collections.Counter(entries(blob))
    for (kind, sm), n in sorted(counts.items()):
        print(f"{kind} sm_{sm}: {n} kernel images")
    ptx = any(k == "PTX" for k, _ in counts)
    newest = max(sm for _, sm in counts)
    print(f"PTX present: {'yes' if ptx else 'no'}; newest cubin sm_{newest}"
          + ("" if ptx else f"; a GPU newer than sm_{newest} (e.g. Hopper, sm_90) cannot run it"))


if __name__ == "__main__":
    main()
