package fastai.datasets;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import fastai.io.DataException;
import java.util.Arrays;
import java.util.Set;

/**
 * An R lazy-load database: how an installed R package keeps its data sets ({@code data/Rdata.rdx}
 * and {@code data/Rdata.rdb}). The {@code .rdx} file is a serialized list that says, for every
 * object, where its bytes are in the {@code .rdb} file; each such entry is the uncompressed length
 * (4 bytes, big-endian), for the newer formats a byte naming the compression, and the compressed
 * serialization of the object. Read with {@link RSerialization}.
 */
public final class RLazyLoadDb {
    private final Path rdb;
    private final Map<String, long[]> index = new LinkedHashMap<>();
    private final int compression;

    private RLazyLoadDb(Path rdb, int compression) {
        this.rdb = rdb;
        this.compression = compression;
    }

    /** Opens {@code base.rdx} / {@code base.rdb}, e.g. {@code .../dslabs/data/Rdata}. */
    public static RLazyLoadDb open(Path base) {
        Path rdx = base.resolveSibling(base.getFileName() + ".rdx");
        Path rdb = base.resolveSibling(base.getFileName() + ".rdb");
        for (Path p : new Path[] {rdx, rdb}) {
            if (!Files.isRegularFile(p)) throw new DataException("no R lazy-load database file " + p);
        }
        RSerialization.RObject idx;
        try (InputStream in = maybeGunzip(Files.readAllBytes(rdx))) {
            idx = RSerialization.read(in);
        } catch (IOException e) {
            throw new DataException(rdx + ": not a readable R lazy-load index: " + e.getMessage(), e);
        }
        RSerialization.RObject vars = idx.get("variables"), comp = idx.get("compressed");
        if (vars == null) throw new DataException(rdx + ": no 'variables' entry; expected an R lazy-load index");
        int c = 1;
        if (comp != null && comp.data() instanceof int[] ci && ci.length > 0) c = ci[0];
        else if (comp != null && comp.data() instanceof double[] cd && cd.length > 0) c = (int) cd[0];
        RLazyLoadDb db = new RLazyLoadDb(rdb, c);
        String[] names = vars.stringAttr("names");
        for (int i = 0; i < names.length; i++) {
            Object d = vars.list().get(i).data();
            long[] pos = d instanceof int[] a ? new long[] {a[0], a[1]}
                    : d instanceof double[] a ? new long[] {(long) a[0], (long) a[1]} : null;
            if (pos == null) throw new DataException(rdx + ": entry '" + names[i] + "' has no (offset, length) pair");
            db.index.put(names[i], pos);
        }
        return db;
    }

    /** The names of the objects in the database. */
    public Set<String> names() { return index.keySet(); }

    /** Reads the object called {@code name}. */
    public RSerialization.RObject read(String name) {
        long[] pos = index.get(name);
        if (pos == null) throw new DataException(rdb + " has no object '" + name + "' (it has " + index.keySet() + ")");
        byte[] entry = new byte[(int) pos[1]];
        try (RandomAccessFile f = new RandomAccessFile(rdb.toFile(), "r")) {
            if (pos[0] + pos[1] > f.length()) throw new DataException(rdb + " is shorter than its index says (truncated?)");
            f.seek(pos[0]);
            f.readFully(entry);
            return RSerialization.read(decompress(entry));
        } catch (IOException | DataFormatException e) {
            throw new DataException(rdb + ": cannot read '" + name + "': " + e.getMessage(), e);
        }
    }

    private byte[] decompress(byte[] entry) throws IOException, DataFormatException {
        int n = ((entry[0] & 0xFF) << 24) | ((entry[1] & 0xFF) << 16) | ((entry[2] & 0xFF) << 8) | (entry[3] & 0xFF);
        int start = 4;
        char kind = '1'; // compression TRUE: zlib, no type byte
        if (compression == 0) kind = '0';
        else if (compression == 2) kind = '2';
        else if (compression == 3) { kind = (char) entry[4]; start = 5; }
        switch (kind) {
            case '0':
                return Arrays.copyOfRange(entry, start, entry.length);
            case '1': {
                Inflater inf = new Inflater();
                inf.setInput(entry, start, entry.length - start);
                byte[] out = new byte[n];
                int got = 0;
                while (got < n && !inf.finished()) {
                    int k = inf.inflate(out, got, n - got);
                    if (k == 0 && (inf.needsInput() || inf.needsDictionary())) break;
                    got += k;
                }
                inf.end();
                if (got != n) throw new IOException("zlib data gave " + got + " bytes, the entry says " + n);
                return out;
            }
            case '2':
                try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(entry, start, entry.length - start))) {
                    return RSerialization.readN(in, n, "bzip2 entry");
                }
            default:
                throw new IOException("compression '" + kind + "' (xz) is not supported by this reader");
        }
    }

    private static InputStream maybeGunzip(byte[] b) throws IOException {
        InputStream raw = new ByteArrayInputStream(b);
        return b.length > 2 && (b[0] & 0xFF) == 0x1f && (b[1] & 0xFF) == 0x8b ? new GZIPInputStream(raw) : raw;
    }
}
