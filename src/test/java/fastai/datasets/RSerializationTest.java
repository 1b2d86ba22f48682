package fastai.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;

/** R's serialization written byte by byte as serialize.c lays it out, then read back. */
class RSerializationTest {
    @TempDir Path dir;

    static final int ATTR = 1 << 9, TAG = 1 << 10, OBJ = 1 << 8;

    /** data.frame(x = c(1L, 2L, NA) with names a,b,c, y = factor(c("lo","hi",NA)), z = c(0.5, 1.5, 2.5)) */
    static byte[] dataFrame() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(bytes);
        o.writeBytes("X\n");
        o.writeInt(3); o.writeInt(0x040201); o.writeInt(0x030500);
        o.writeInt(5); o.writeBytes("UTF-8");
        o.writeInt(19 | ATTR | OBJ); o.writeInt(3);             // list of 3 columns
        o.writeInt(13 | ATTR); o.writeInt(3); o.writeInt(1); o.writeInt(2); o.writeInt(Integer.MIN_VALUE);
        o.writeInt(2 | TAG); sym(o, "names"); strings(o, "a", "b", "c"); o.writeInt(254);   // x's names (symbol ref 1)
        o.writeInt(13 | ATTR | OBJ); o.writeInt(3); o.writeInt(2); o.writeInt(1); o.writeInt(Integer.MIN_VALUE);
        o.writeInt(2 | TAG); sym(o, "levels"); strings(o, "hi", "lo");                      // symbol ref 2
        o.writeInt(2 | TAG); sym(o, "class"); strings(o, "factor"); o.writeInt(254);         // symbol ref 3
        o.writeInt(238);                                                                       // ALTREP compact seq 0.5, 1.5, 2.5
        o.writeInt(2); o.writeInt(1); charsxp(o, "compact_realseq"); o.writeInt(2); o.writeInt(1); charsxp(o, "base");
        o.writeInt(2); o.writeInt(13); o.writeInt(1); o.writeInt(14); o.writeInt(254);
        o.writeInt(14); o.writeInt(3); o.writeDouble(3); o.writeDouble(0.5); o.writeDouble(1);
        o.writeInt(254);
        o.writeInt(2 | TAG); o.writeInt(255 | (1 << 8)); strings(o, "x", "y", "z");           // tag: reference to "names"
        o.writeInt(2 | TAG); o.writeInt(255 | (3 << 8)); strings(o, "data.frame");            // tag: reference to "class"
        o.writeInt(254);
        return bytes.toByteArray();
    }

    static void sym(DataOutputStream o, String name) throws IOException {
        o.writeInt(1);
        charsxp(o, name);
    }

    static void charsxp(DataOutputStream o, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        o.writeInt(9 | (1 << 3 << 12));
        o.writeInt(b.length);
        o.write(b);
    }

    static void strings(DataOutputStream o, String... s) throws IOException {
        o.writeInt(16);
        o.writeInt(s.length);
        for (String x : s) charsxp(o, x);
    }

    @Test void readsADataFrameWithFactorsAttributesReferencesAndAltrep() throws IOException {
        RSerialization.RObject df = RSerialization.read(dataFrame());
        assertTrue(df.inherits("data.frame"));
        assertArrayEquals(new String[] {"x", "y", "z"}, df.stringAttr("names"));
        assertArrayEquals(new int[] {1, 2, RSerialization.NA_INTEGER}, (int[]) df.get("x").data());
        assertArrayEquals(new String[] {"a", "b", "c"}, df.get("x").stringAttr("names"));
        assertArrayEquals(new String[] {"lo", "hi", null}, MovieLensFromR.strings(df, "y", dir));
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, (double[]) df.get("z").data());
    }

    @Test void readsALazyLoadDatabase() throws IOException {
        // one object, zlib-compressed as R's makeLazyLoadDB writes it, and a gzip'd index
        byte[] obj = dataFrame();
        Deflater d = new Deflater();
        d.setInput(obj);
        d.finish();
        byte[] buf = new byte[obj.length + 64];
        int n = d.deflate(buf);
        ByteArrayOutputStream rdb = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(rdb);
        o.writeBytes("padding!");
        o.writeInt(obj.length);
        o.write(buf, 0, n);
        Files.write(dir.resolve("Rdata.rdb"), rdb.toByteArray());

        ByteArrayOutputStream idx = new ByteArrayOutputStream();
        DataOutputStream x = new DataOutputStream(idx);
        x.writeBytes("X\n");
        x.writeInt(2); x.writeInt(0x040201); x.writeInt(0x020300);
        x.writeInt(19 | ATTR); x.writeInt(2);                   // list(variables = list(df = c(8, len)), compressed = TRUE)
        x.writeInt(19 | ATTR); x.writeInt(1);
        x.writeInt(13); x.writeInt(2); x.writeInt(8); x.writeInt(4 + n);
        x.writeInt(2 | TAG); sym(x, "names"); strings(x, "df"); x.writeInt(254);
        x.writeInt(10); x.writeInt(1); x.writeInt(1);
        x.writeInt(2 | TAG); x.writeInt(255 | (1 << 8)); strings(x, "variables", "compressed"); x.writeInt(254);
        try (var gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("Rdata.rdx")))) {
            gz.write(idx.toByteArray());
        }
        RLazyLoadDb db = RLazyLoadDb.open(dir.resolve("Rdata"));
        assertEquals(java.util.Set.of("df"), db.names());
        assertArrayEquals(new int[] {1, 2, RSerialization.NA_INTEGER}, (int[]) db.read("df").get("x").data());
        DataException e = assertThrows(DataException.class, () -> db.read("movielens"));
        assertEquals(dir.resolve("Rdata.rdb") + " has no object 'movielens' (it has [df])", e.getMessage());
    }

    @Test void aFailedMakeLeavesNoFolderBehind() throws IOException {
        // a lazy-load database whose 'movielens' object is missing: the make fails, nothing is kept
        readsALazyLoadDatabase();
        Path out = dir.resolve("data/movielens");
        DataException e = assertThrows(DataException.class, () -> MovieLensFromR.make(dir.resolve("Rdata"), out, true));
        assertEquals(dir.resolve("Rdata.rdb") + " has no object 'movielens' (it has [df])", e.getMessage());
        assertTrue(Files.notExists(out));
        try (var s = Files.list(out.getParent())) {
            assertEquals(0, s.count(), "temporary folders left behind");
        }
    }

    @Test void notRData() {
        IOException e = assertThrows(IOException.class, () -> RSerialization.read("PK\u0003\u0004".getBytes(StandardCharsets.ISO_8859_1)));
        assertTrue(e.getMessage().startsWith("not R's XDR serialization"), e.getMessage());
    }

    /** The real data, made by ./fastai setup (datasets/movielens.sh) from Debian's r-cran-dslabs. */
    @Test void theSetUpMadeTheCoursesMovieLensSmall() throws IOException {
        Path ml = fastai.Config.dataDir().resolve("movielens");
        assertTrue(AtomicFolder.isComplete(ml), ml + " is missing or incomplete: run ./fastai setup (bash datasets/movielens.sh)");
        fastai.collab.MovieLens m = fastai.collab.MovieLens.load(ml);
        assertEquals(MovieLensFromR.RATINGS, m.ratings().size());
        assertEquals(MovieLensFromR.USERS, m.ratings().distinctUsers());
        assertEquals(MovieLensFromR.MOVIES, m.ratings().distinctMovies());
        assertEquals(MovieLensFromR.MOVIES, m.movieCount());
        assertEquals("Toy Story (1995)", m.title(1));
        assertEquals("American President, The (1995)", m.title(11));
        // GroupLens's ratings.csv starts 1,31,2.5,1260759144
        assertEquals(31, m.ratings().movie(0));
        assertEquals(2.5f, m.ratings().rating(0));
        assertEquals(1260759144L, m.ratings().timestamp(0));
        for (String f : new String[] {"ratings.csv", "movies.csv"}) {
            assertEquals(MovieLensFromR.SHA256.get(f), MovieLensFromR.sha256(Files.readAllBytes(ml.resolve(f))), f);
        }
    }
}
