package fastai.datasets;

import fastai.BadImages;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;

/** The organizer on small generated JPEGs named as Kaggle names them. */
class KaggleDogsCatsTest {
    static final int CATS = 23, DOGS = 27, TESTS = 12;
    static final KaggleDogsCats.Options OPTS = new KaggleDogsCats.Options(10, 8, 4, 5);

    /** Kaggle-style names (train/cat.N.jpg, train/dog.N.jpg, test1/N.jpg) -> JPEG bytes. */
    static final Map<String, byte[]> KAGGLE = new TreeMap<>();

    @TempDir Path tmp;

    @BeforeAll static void generateJpegs() throws IOException {
        for (int i = 0; i < CATS; i++) KAGGLE.put("train/cat." + i + ".jpg", jpeg(i, 0));
        for (int i = 0; i < DOGS; i++) KAGGLE.put("train/dog." + i + ".jpg", jpeg(i, 1));
        for (int i = 1; i <= TESTS; i++) KAGGLE.put("test1/" + i + ".jpg", jpeg(i, 2));
    }

    static byte[] jpeg(int i, int kind) throws IOException {
        BufferedImage img = new BufferedImage(12 + i % 5, 10, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color((i * 40) % 256, kind * 100, 255 - i * 7 % 256));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.WHITE);
        g.drawLine(0, i % 10, 11, kind);
        g.dispose();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, "jpg", b));
        return b.toByteArray();
    }

    Path extractedDownload(String testFolder) throws IOException {
        Path d = tmp.resolve("download-" + testFolder);
        for (var e : KAGGLE.entrySet()) {
            Path f = d.resolve(e.getKey().replace("test1/", testFolder + "/"));
            Files.createDirectories(f.getParent());
            Files.write(f, e.getValue());
        }
        return d;
    }

    static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            Set<String> dirs = new TreeSet<>();
            for (String name : entries.keySet()) if (name.contains("/")) dirs.add(name.substring(0, name.indexOf('/') + 1));
            for (String dir : dirs) {
                z.putNextEntry(new ZipEntry(dir));
                z.closeEntry();
            }
            for (var e : entries.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey()));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /** dogs-vs-cats.zip as Kaggle hands it out: train.zip and test1.zip inside, plus the sample CSV. */
    Path kaggleZip() throws IOException {
        Map<String, byte[]> train = new TreeMap<>(), test = new TreeMap<>();
        KAGGLE.forEach((k, v) -> (k.startsWith("train/") ? train : test).put(k, v));
        Map<String, byte[]> outer = new TreeMap<>();
        outer.put("train.zip", zip(train));
        outer.put("test1.zip", zip(test));
        outer.put("sampleSubmission.csv", "id,label\n1,0\n".getBytes());
        Path z = tmp.resolve("dogs-vs-cats.zip");
        Files.write(z, zip(outer));
        return z;
    }

    /** Everything under {@code dir}: relative path -> bytes. */
    static Map<String, byte[]> tree(Path dir) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                m.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return m;
    }

    static Set<String> under(Map<String, byte[]> tree, String prefix) {
        return tree.keySet().stream().filter(k -> k.startsWith(prefix)).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test void organizesAnExtractedDownloadWithoutLosingOrDuplicatingAFile() throws Exception {
        Path download = extractedDownload("test1");
        Path out = tmp.resolve("data/dogscats");
        assertTrue(KaggleDogsCats.organize(download, out, OPTS));
        Map<String, byte[]> t = tree(out);

        int trainCount = under(t, "train/").size(), validCount = under(t, "valid/").size();
        assertEquals(10, validCount);
        assertEquals(CATS + DOGS - 10, trainCount);
        assertEquals(TESTS, under(t, "test/unknown/").size());
        assertEquals(8, under(t, "sample/train/").size());
        assertEquals(4, under(t, "sample/valid/").size());

        // Every training image is in exactly one of train/ and valid/, in its class folder, unchanged.
        Map<String, String> whereIs = new HashMap<>();
        for (String k : t.keySet()) {
            if (!(k.startsWith("train/") || k.startsWith("valid/"))) continue;
            String[] p = k.split("/");
            assertEquals(p[2].startsWith("cat.") ? "cats" : "dogs", p[1], k);
            assertNull(whereIs.put(p[2], k), "twice: " + p[2]);
            assertArrayEquals(KAGGLE.get("train/" + p[2]), t.get(k), k);
        }
        assertEquals(CATS + DOGS, whereIs.size());

        // Test ids are Kaggle's, bytes unchanged.
        for (int i = 1; i <= TESTS; i++) assertArrayEquals(KAGGLE.get("test1/" + i + ".jpg"), t.get("test/unknown/" + i + ".jpg"));

        // The sample is a copy of files in train/ and valid/ respectively.
        for (String s : under(t, "sample/")) {
            String orig = s.substring("sample/".length());
            assertTrue(t.containsKey(orig), s + " is a copy of " + orig);
            assertArrayEquals(t.get(orig), t.get(s));
        }
        assertTrue(new String(t.get("README.txt")).contains("valid/cats"));
        // The download is untouched.
        assertEquals(KAGGLE.keySet(), tree(download).keySet());
    }

    @Test void theSplitIsSeededAndTheZipGivesTheSameAsTheFolder() throws Exception {
        Path a = tmp.resolve("a/dogscats"), b = tmp.resolve("b/dogscats"), c = tmp.resolve("c/dogscats");
        KaggleDogsCats.organize(extractedDownload("test1"), a, OPTS);
        KaggleDogsCats.organize(kaggleZip(), b, OPTS);
        KaggleDogsCats.organize(kaggleZip(), c, new KaggleDogsCats.Options(10, 8, 4, 6));
        Map<String, byte[]> ta = tree(a), tb = tree(b), tc = tree(c);
        ta.remove(".complete");
        tb.remove(".complete");
        ta.remove("README.txt");
        tb.remove("README.txt");
        assertEquals(ta.keySet(), tb.keySet(), "same seed, same layout, whether from the zip or the folder");
        for (String k : ta.keySet()) assertArrayEquals(ta.get(k), tb.get(k), k);
        assertNotEquals(under(ta, "valid/"), under(tc, "valid/"), "another seed, another split");
    }

    @Test void readsTheReduxLayoutAndZipsInAFolder() throws Exception {
        Path d = tmp.resolve("redux");
        Files.createDirectories(d);
        Map<String, byte[]> train = new TreeMap<>(), test = new TreeMap<>();
        KAGGLE.forEach((k, v) -> {
            if (k.startsWith("train/")) train.put(k, v); else test.put(k.replace("test1/", "test/"), v);
        });
        Files.write(d.resolve("train.zip"), zip(train));
        Files.write(d.resolve("test.zip"), zip(test));
        Path out = tmp.resolve("data/dogscats");
        assertTrue(KaggleDogsCats.organize(d, out, OPTS));
        Map<String, byte[]> t = tree(out);
        assertEquals(CATS + DOGS, under(t, "train/").size() + under(t, "valid/").size());
        assertEquals(TESTS, under(t, "test/unknown/").size());
    }

    @Test void aSecondRunWithTheSameOptionsDoesNothing() throws Exception {
        Path out = tmp.resolve("data/dogscats");
        Path download = extractedDownload("test1");
        assertTrue(KaggleDogsCats.organize(download, out, OPTS));
        Set<String> valid = under(tree(out), "valid/");
        assertFalse(KaggleDogsCats.organize(download, out, OPTS));
        assertEquals(valid, under(tree(out), "valid/"));
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "dogscats"));
        assertEquals("--valid 10 --sample-train 8 --sample-valid 4 --seed 5 --n 0 --ratio 0.0 --classes cat,dog\n",
                Files.readString(out.resolve(".options")));
    }

    @Test void otherOptionsOnAnExistingFolderAreRefusedWithHowToRebuild() throws Exception {
        Path out = tmp.resolve("data/dogscats");
        Path download = extractedDownload("test1");
        assertTrue(KaggleDogsCats.organize(download, out, OPTS));
        Map<String, byte[]> before = tree(out);
        DataException e = assertThrows(DataException.class,
                () -> KaggleDogsCats.organize(download, out, new KaggleDogsCats.Options(20, 1, 1, 99).skippingBad()));
        assertEquals(out + " was organized with --valid 10 --sample-train 8 --sample-valid 4 --seed 5 --n 0 --ratio 0.0 --classes cat,dog,"
                + " not with --valid 20 --sample-train 1 --sample-valid 1 --seed 99 --n 0 --ratio 0.0 --classes cat,dog --skip-bad:"
                + " to rebuild it, delete it (rm -rf " + out + ") and run again, or organize into another folder with --to DIR", e.getMessage());
        assertEquals(before.keySet(), tree(out).keySet(), "nothing changed");
        // the command line says the same, and rebuilding as told works
        Fs.deleteRecursively(out);
        assertTrue(KaggleDogsCats.organize(download, out, new KaggleDogsCats.Options(20, 1, 1, 99)));
        assertEquals(20, under(tree(out), "valid/").size());
        // a folder from before options were recorded is kept for the defaults only
        Files.delete(out.resolve(".options"));
        assertThrows(DataException.class, () -> KaggleDogsCats.organize(download, out, OPTS));
        assertFalse(KaggleDogsCats.organize(download, out, KaggleDogsCats.Options.DEFAULT));
    }

    @Test void truncatedAndCorruptJpegsAreFoundByAFullDecodeAndListedTogether() throws Exception {
        Path download = extractedDownload("test1");
        byte[] big = BadImages.noiseJpeg(96, 64, 7);
        Files.write(download.resolve("train/cat.3.jpg"), BadImages.cut(big, 0.5));     // header fine, data cut
        Files.write(download.resolve("train/dog.5.jpg"), BadImages.cut(big, 0.97));
        // cut short, then an end marker: the quick check sees a complete file, the decoder runs out of data
        Files.write(download.resolve("test1/4.jpg"), BadImages.concat(BadImages.cut(big, 0.6), new byte[] {(byte) 0xFF, (byte) 0xD9}));
        Path out = tmp.resolve("data/dogscats");
        DataException e = assertThrows(DataException.class, () -> KaggleDogsCats.organize(download, out, OPTS));
        String m = e.getMessage();
        assertTrue(m.startsWith("3 of " + (CATS + DOGS + TESTS) + " images of the download cannot be used (nothing was organized;"
                + " download them again, or run with --skip-bad to leave them out):"), m);
        assertTrue(m.contains("): " + download.resolve("train/cat.3.jpg") + ": truncated JPEG: no end-of-image marker"), m);
        assertTrue(m.contains("; " + download.resolve("train/dog.5.jpg") + ": truncated JPEG: no end-of-image marker"), m);
        assertTrue(m.contains("; " + download.resolve("test1/4.jpg") + ": JPEG decodes with warnings: Corrupt JPEG data"), m);
        assertFalse(m.contains("\n"), "one line");
        assertFalse(Files.exists(out));
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "dogscats"));

        assertTrue(KaggleDogsCats.organize(download, out, OPTS.skippingBad()));
        Map<String, byte[]> t = tree(out);
        assertEquals(CATS + DOGS - 2, under(t, "train/").size() + under(t, "valid/").size());
        assertEquals(TESTS - 1, under(t, "test/unknown/").size());
        assertFalse(t.containsKey("test/unknown/4.jpg"));
        String skipped = new String(t.get("skipped.txt"));
        assertTrue(skipped.contains("cat.3.jpg") && skipped.contains("dog.5.jpg") && skipped.contains("test1/4.jpg"), skipped);
        for (String k : under(t, "train/")) assertNull(fastai.io.ImageCheck.full(out.resolve(k)), k);
    }

    @Test void aBadImageStopsWithItsNameAndLeavesNoFolder() throws Exception {
        Path download = extractedDownload("test1");
        Path bad = download.resolve("train/dog.7.jpg");
        Files.writeString(bad, "<html>oops</html>");
        Path out = tmp.resolve("data/dogscats");
        DataException e = assertThrows(DataException.class, () -> KaggleDogsCats.organize(download, out, OPTS));
        IdxTest.assertOneLineNaming(e, bad, "not a JPEG");
        assertFalse(Files.exists(out));
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "dogscats"));
    }

    @Test void badDownloadsAreOneLineErrors() throws Exception {
        Path out = tmp.resolve("data/dogscats");
        Path missing = tmp.resolve("nowhere/dogs-vs-cats.zip");
        IdxTest.assertOneLineNaming(assertThrows(DataException.class, () -> KaggleDogsCats.organize(missing, out, OPTS)),
                missing, "not found");

        Path html = tmp.resolve("html/dogs-vs-cats.zip");
        Files.createDirectories(html.getParent());
        Files.writeString(html, "<!DOCTYPE html>\n<html><body>Please sign in</body></html>");
        IdxTest.assertOneLineNaming(assertThrows(DataException.class, () -> KaggleDogsCats.organize(html, out, OPTS)),
                html, "HTML page");

        byte[] z = Files.readAllBytes(kaggleZip());
        Path cut = tmp.resolve("cut/dogs-vs-cats.zip");
        Files.createDirectories(cut.getParent());
        Files.write(cut, java.util.Arrays.copyOf(z, z.length / 2));
        IdxTest.assertOneLineNaming(assertThrows(DataException.class, () -> KaggleDogsCats.organize(cut, out, OPTS)),
                cut, "corrupt zip");

        Path empty = tmp.resolve("empty");
        Files.createDirectories(empty.resolve("train"));
        IdxTest.assertOneLineNaming(assertThrows(DataException.class, () -> KaggleDogsCats.organize(empty, out, OPTS)),
                empty, "no Kaggle training images");

        Path download = extractedDownload("test1");
        DataException big = assertThrows(DataException.class,
                () -> KaggleDogsCats.organize(download, out, new KaggleDogsCats.Options(50, 1, 1, 1)));
        assertTrue(big.getMessage().contains("needs more than 50"), big.getMessage());
        assertFalse(Files.exists(out));
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "dogscats"));
    }

    @Test void theArticlesNAndRatioKeepNImagesAndValidateOnTheRatio() throws Exception {
        Path out = tmp.resolve("data/article");
        assertTrue(KaggleDogsCats.organize(extractedDownload("test1"), out, KaggleDogsCats.Options.article(40, 0.25, 3)));
        Map<String, byte[]> t = tree(out);
        assertEquals(10, under(t, "valid/").size(), "(int) (40 * 0.25)");
        assertEquals(30, under(t, "train/").size(), "n = 40 of the 50 images, 30 left for training");
        assertEquals(0, under(t, "sample/").size());
        for (String k : under(t, "train/")) assertArrayEquals(KAGGLE.get("train/" + k.split("/")[2]), t.get(k), k);
        // The kept 40 are the first 40 of the same seeded permutation: with n = all, the same seed
        // puts the same images in front, so the 10 validation images are the same.
        Path all = tmp.resolve("data/all");
        KaggleDogsCats.organize(extractedDownload("test1"), all, KaggleDogsCats.Options.article(0, 0.2, 3));
        Map<String, byte[]> ta = tree(all);
        assertEquals(10, under(ta, "valid/").size(), "(int) (50 * 0.2)");
        assertEquals(40, under(ta, "train/").size());
        assertEquals(under(t, "valid/"), under(ta, "valid/"));
    }

    @Test void otherClassNamesWorkTheSameWay() throws Exception {
        Path d = tmp.resolve("flat");
        Files.createDirectories(d);
        for (int i = 0; i < 6; i++) Files.write(d.resolve("ankle_boot." + i + ".jpg"), jpeg(i, 0));
        for (int i = 0; i < 4; i++) Files.write(d.resolve("sneaker." + (100 + i) + ".jpg"), jpeg(i, 1));
        Files.write(d.resolve("cat.1.jpg"), jpeg(1, 2));   // not one of the classes asked for: ignored
        Path out = tmp.resolve("data/shoes");
        KaggleDogsCats.organize(d, out, KaggleDogsCats.Options.article(0, 0.3, 1).withClasses("ankle_boot", "sneaker"));
        Map<String, byte[]> t = tree(out);
        assertEquals(3, under(t, "valid/").size());
        assertEquals(7, under(t, "train/").size());
        for (String k : under(t, "train/").stream().toList()) {
            String f = k.split("/")[2];
            assertEquals(f.startsWith("ankle_boot.") ? "ankle_boots" : "sneakers", k.split("/")[1], k);
        }
        assertTrue(new String(t.get("README.txt")).contains("[ankle_boots, sneakers]"));
    }

    @Test void badOptionsAreIllegalArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> KaggleDogsCats.Options.article(10, 1.0, 1));
        assertTrue(e.getMessage().contains("ratio"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KaggleDogsCats.Options.article(-1, 0.2, 1));
        assertTrue(e.getMessage().contains("n (the number of images"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KaggleDogsCats.Options.DEFAULT.withClasses("cat"));
        assertTrue(e.getMessage().contains("2 classes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KaggleDogsCats.Options.DEFAULT.withClasses("cat", "a.b"));
        assertTrue(e.getMessage().contains("'a.b'"), e.getMessage());
    }
}
