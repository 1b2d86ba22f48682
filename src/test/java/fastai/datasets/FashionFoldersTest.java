package fastai.datasets;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import fastai.io.DataException;

class FashionFoldersTest {
    static final int ROWS = 5, COLS = 4, PER_CLASS_TRAIN = 4, PER_CLASS_TEST = 2;
    static final FashionFolders.Fashion2Options OPTS = new FashionFolders.Fashion2Options(2, 1, 1, 42);

    @TempDir Path tmp;
    FashionMnist.Images train, test;

    @BeforeEach void fakeData() throws IOException {
        Path src = tmp.resolve("src");
        IdxFixtures.fakeFashion(src, PER_CLASS_TRAIN, PER_CLASS_TEST, ROWS, COLS); // 40 train, 20 test images
        train = FashionMnist.train(src);
        test = FashionMnist.test(src);
    }

    @Test void readsTheFakeSet() {
        assertEquals(40, train.count());
        assertEquals(20, test.count());
        assertEquals(ROWS, train.rows());
        assertEquals(COLS, train.cols());
        assertEquals(7, train.label(17));
        assertEquals(IdxFixtures.pixel(17, 6) & 0xff, train.pixel(17, 1, 2));
    }

    @Test void fashion2HasTheCountsTheLabelsAndThePixels() throws Exception {
        Path out = tmp.resolve("data/fashion2");
        assertTrue(FashionFolders.makeFashion2(train, test, out, OPTS));
        for (String c : List.of("ankle_boot", "sneaker")) {
            assertEquals(2, files(out.resolve("train/" + c)).size());
            assertEquals(2, files(out.resolve("valid/" + c)).size());
            assertEquals(1, files(out.resolve("sample/train/" + c)).size());
            assertEquals(1, files(out.resolve("sample/valid/" + c)).size());
        }
        assertEquals(Set.of("ankle_boot", "sneaker"), names(out.resolve("train")));
        assertEquals(4, files(out.resolve("test/unknown")).size());
        assertTrue(Files.isRegularFile(out.resolve("README.txt")));
        assertTrue(Files.readString(out.resolve("README.txt")).contains("MIT"));

        // Every train/valid PNG holds the pixels of the official training image its name points to,
        // and that image has the folder's label; together they are all images of the two classes, once.
        List<Integer> seen = new ArrayList<>();
        for (String part : List.of("train", "valid")) {
            for (String c : List.of("ankle_boot", "sneaker")) {
                for (Path f : files(out.resolve(part + "/" + c))) {
                    String[] p = f.getFileName().toString().split("\\.");
                    assertEquals(c, p[0]);
                    assertEquals("png", p[2]);
                    int i = Integer.parseInt(p[1]);
                    assertEquals(c, FashionMnist.CLASSES.get(train.label(i)), f.toString());
                    assertArrayEquals(IdxFixtures.fakeImage(i, 0, ROWS * COLS), GrayImages.readGray(f), f.toString());
                    seen.add(i);
                }
            }
        }
        List<Integer> expected = new ArrayList<>(FashionFolders.indicesOf(train, 7));
        expected.addAll(FashionFolders.indicesOf(train, 9));
        assertEquals(new TreeSet<>(expected), new TreeSet<>(seen));
        assertEquals(expected.size(), seen.size(), "no image twice");

        // The sample is a copy of files in train/ and valid/.
        for (String part : List.of("train", "valid")) {
            for (String c : List.of("ankle_boot", "sneaker")) {
                for (Path f : files(out.resolve("sample/" + part + "/" + c))) {
                    Path orig = out.resolve(part + "/" + c + "/" + f.getFileName());
                    assertArrayEquals(Files.readAllBytes(orig), Files.readAllBytes(f));
                }
            }
        }

        // test/unknown/<n>.png, n = 1..4; the answer key names the class of each; pixels trace back.
        List<String> csv = Files.readAllLines(out.resolve("test_labels.csv"));
        assertEquals("id,class", csv.get(0));
        assertEquals(5, csv.size());
        Set<Integer> testIdx = new HashSet<>();
        for (int n = 1; n <= 4; n++) {
            String[] row = csv.get(n).split(",");
            assertEquals(String.valueOf(n), row[0]);
            byte[] px = GrayImages.readGray(out.resolve("test/unknown/" + n + ".png"));
            int match = -1;
            for (int i = 0; i < test.count(); i++) {
                if (java.util.Arrays.equals(px, IdxFixtures.fakeImage(i, 1000, ROWS * COLS))) match = i;
            }
            assertTrue(match >= 0, "test image " + n + " is one of the official test images");
            assertEquals(FashionMnist.CLASSES.get(test.label(match)), row[1]);
            testIdx.add(match);
        }
        assertEquals(new TreeSet<>(List.of(7, 9, 17, 19)), new TreeSet<>(testIdx));
    }

    @Test void theSplitIsSeededAndReproducible() throws Exception {
        FashionFolders.makeFashion2(train, test, tmp.resolve("a/fashion2"), OPTS);
        FashionFolders.makeFashion2(train, test, tmp.resolve("b/fashion2"), OPTS);
        FashionFolders.makeFashion2(train, test, tmp.resolve("c/fashion2"),
                new FashionFolders.Fashion2Options(2, 1, 1, 7));
        for (String part : List.of("valid/sneaker", "valid/ankle_boot", "sample/train/sneaker")) {
            assertEquals(names(tmp.resolve("a/fashion2/" + part)), names(tmp.resolve("b/fashion2/" + part)));
        }
        assertEquals(Files.readString(tmp.resolve("a/fashion2/test_labels.csv")),
                Files.readString(tmp.resolve("b/fashion2/test_labels.csv")));
        boolean differs = false;
        for (String part : List.of("valid/sneaker", "valid/ankle_boot")) {
            differs |= !names(tmp.resolve("a/fashion2/" + part)).equals(names(tmp.resolve("c/fashion2/" + part)));
        }
        differs |= !Files.readString(tmp.resolve("a/fashion2/test_labels.csv"))
                .equals(Files.readString(tmp.resolve("c/fashion2/test_labels.csv")));
        assertTrue(differs, "another seed gives another split");
    }

    @Test void aSecondRunDoesNothingAndNoTempFolderIsLeft() throws Exception {
        Path out = tmp.resolve("data/fashion2");
        assertTrue(FashionFolders.makeFashion2(train, test, out, OPTS));
        String key = Files.readString(out.resolve("test_labels.csv"));
        long mtime = Files.getLastModifiedTime(out.resolve(AtomicFolder.MARKER)).toMillis();
        assertFalse(FashionFolders.makeFashion2(train, test, out, new FashionFolders.Fashion2Options(2, 1, 1, 99)));
        assertEquals(key, Files.readString(out.resolve("test_labels.csv")));
        assertEquals(mtime, Files.getLastModifiedTime(out.resolve(AtomicFolder.MARKER)).toMillis());
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "fashion2"));
    }

    @Test void aFailureMidRunLeavesNoFinalFolder() {
        // A test set whose pixel array ends early: the train and valid PNGs are written, then writing
        // the test PNGs fails.
        FashionMnist.Images brokenTest = new FashionMnist.Images(test.source(), test.count(), ROWS, COLS,
                java.util.Arrays.copyOf(test.pixels(), 3 * ROWS * COLS), test.labels());
        Path out = tmp.resolve("data/fashion2");
        DataException e = assertThrows(DataException.class,
                () -> FashionFolders.makeFashion2(train, brokenTest, out, OPTS));
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(Files.exists(out), "no half-made folder");
        assertEquals(0, AtomicFolderTest.leftovers(out.getParent(), "fashion2"));
        // ... and a later good run makes it.
        assertTrue(FashionFolders.makeFashion2(train, test, out, OPTS));
    }

    @Test void fashion8HasTheOtherEightClasses() throws Exception {
        Path out = tmp.resolve("data/fashion8");
        assertTrue(FashionFolders.makeFashion8(train, test, out));
        Set<String> eight = Set.of("tshirt_top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "bag");
        assertEquals(eight, names(out.resolve("train")));
        assertEquals(eight, names(out.resolve("valid")));
        for (String c : eight) {
            assertEquals(PER_CLASS_TRAIN, files(out.resolve("train/" + c)).size());
            assertEquals(PER_CLASS_TEST, files(out.resolve("valid/" + c)).size());
            for (Path f : files(out.resolve("valid/" + c))) {
                int i = Integer.parseInt(f.getFileName().toString().split("\\.")[1]);
                assertEquals(c, FashionMnist.CLASSES.get(test.label(i)));
                assertArrayEquals(IdxFixtures.fakeImage(i, 1000, ROWS * COLS), GrayImages.readGray(f));
            }
        }
        assertTrue(Files.readString(out.resolve("README.txt")).contains("Zalando"));
        assertFalse(FashionFolders.makeFashion8(train, test, out));
    }

    @Test void aMissingInstallNamesTheFileAndTheCommand() {
        Path nowhere = tmp.resolve("no-such-dir");
        DataException e = assertThrows(DataException.class, () -> FashionMnist.train(nowhere));
        IdxTest.assertOneLineNaming(e, nowhere.resolve(FashionMnist.TRAIN_IMAGES), "not found");
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
    }

    @Test void theDebianFilesReadAsFashionMnist() {
        Assumptions.assumeTrue(FashionMnist.present(FashionMnist.DEBIAN_DIR),
                "skipped: Debian's dataset-fashion-mnist is not installed in " + FashionMnist.DEBIAN_DIR);
        FashionMnist.Images t = FashionMnist.test();
        assertEquals(10000, t.count());
        assertEquals(28, t.rows());
        assertEquals(28, t.cols());
        int[] perClass = new int[10];
        for (int i = 0; i < t.count(); i++) perClass[t.label(i)]++;
        for (int c : perClass) assertEquals(1000, c);
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
        }
    }

    static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }
}
