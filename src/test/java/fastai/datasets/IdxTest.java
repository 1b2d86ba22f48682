package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;

class IdxTest {
    @TempDir Path tmp;

    private static final byte[] DATA = new byte[24];
    static {
        for (int i = 0; i < DATA.length; i++) DATA[i] = (byte) (i * 10 + 5);
    }

    @Test void readsShapeAndValuesOfARawFile() throws Exception {
        Path f = IdxFixtures.write(tmp.resolve("x-idx3-ubyte"), new int[] {2, 3, 4}, DATA, false);
        Idx.Array a = Idx.read(f, 3);
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        assertEquals(2, a.count());
        assertEquals(12, a.itemSize());
        assertArrayEquals(DATA, a.data());
        assertEquals(235, a.get(23), "bytes are unsigned");
    }

    @Test void readsAGzippedFileByItsContent() throws Exception {
        Path f = IdxFixtures.write(tmp.resolve("x-idx3-ubyte.gz"), new int[] {2, 3, 4}, DATA, true);
        Idx.Array a = Idx.read(f);
        assertArrayEquals(new int[] {2, 3, 4}, a.shape());
        assertArrayEquals(DATA, a.data());
    }

    @Test void readsALabelFile() throws Exception {
        Path f = IdxFixtures.write(tmp.resolve("l-idx1-ubyte"), new int[] {5}, new byte[] {7, 9, 0, 1, 2}, false);
        Idx.Array a = Idx.read(f, 1);
        assertEquals(5, a.count());
        assertEquals(1, a.itemSize());
        assertEquals(9, a.get(1));
    }

    @Test void wrongMagicIsAOneLineErrorNamingTheFile() throws Exception {
        Path f = tmp.resolve("bad.idx");
        Files.writeString(f, "<!DOCTYPE html><html>not an idx file</html>");
        DataException e = assertThrows(DataException.class, () -> Idx.read(f));
        assertOneLineNaming(e, f, "wrong magic");
    }

    @Test void truncatedDataIsReported() throws Exception {
        byte[] raw = IdxFixtures.idx(new int[] {2, 3, 4}, DATA);
        Path f = tmp.resolve("short-idx3-ubyte");
        Files.write(f, Arrays.copyOf(raw, raw.length - 5));
        DataException e = assertThrows(DataException.class, () -> Idx.read(f));
        assertOneLineNaming(e, f, "truncated");
        assertTrue(e.getMessage().contains("19"), e.getMessage());
    }

    @Test void truncatedGzipIsReported() throws Exception {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(new int[] {2, 3, 4}, DATA));
        Path f = tmp.resolve("short-idx3-ubyte.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length - 12));
        DataException e = assertThrows(DataException.class, () -> Idx.read(f));
        assertOneLineNaming(e, f, "truncated");
    }

    @Test void damagedGzipIsReported() throws Exception {
        byte[] gz = IdxFixtures.gzip(IdxFixtures.idx(new int[] {2, 3, 4}, DATA));
        gz[gz.length - 6] ^= 0x55; // inside the CRC32 trailer
        Path f = tmp.resolve("bad-crc-idx3-ubyte.gz");
        Files.write(f, gz);
        DataException e = assertThrows(DataException.class, () -> Idx.read(f));
        assertOneLineNaming(e, f, "damaged");
    }

    @Test void trailingBytesAndWrongDimensionsAreReported() throws Exception {
        byte[] raw = IdxFixtures.idx(new int[] {2, 3, 4}, DATA);
        Path f = tmp.resolve("long-idx3-ubyte");
        Files.write(f, Arrays.copyOf(raw, raw.length + 3));
        assertOneLineNaming(assertThrows(DataException.class, () -> Idx.read(f)), f, "unexpected bytes");
        Path g = IdxFixtures.write(tmp.resolve("g-idx3-ubyte"), new int[] {2, 3, 4}, DATA, false);
        assertOneLineNaming(assertThrows(DataException.class, () -> Idx.read(g, 1)), g, "expected 1 dimensions");
    }

    @Test void missingFileIsReported() {
        Path f = tmp.resolve("nope-idx3-ubyte.gz");
        assertOneLineNaming(assertThrows(DataException.class, () -> Idx.read(f)), f, "not found");
    }

    static void assertOneLineNaming(Exception e, Path p, String what) {
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(p.toString()), "names the path: " + m);
        assertTrue(m.toLowerCase().contains(what.toLowerCase()), "says '" + what + "': " + m);
    }
}
