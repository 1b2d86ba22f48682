package fastai;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class BatchesTest {
    @TempDir Path tmp;

    @Test
    void shapesClassesAndLabelOrder() {
        // created in non-alphabetical order on purpose
        Path root = Fixtures.classFolders(tmp.resolve("train"), 5, 12, "zebra", "ant", "moth");
        Batches b = Utils.getBatches(root.toString(), Utils.opts().size(8, 10).channels(3).batchSize(4).shuffle(false));
        assertEquals(List.of("ant", "moth", "zebra"), b.classes());
        assertEquals(15, b.count());
        assertEquals(4, b.numBatches());
        DataSet ds = b.next();
        assertArrayEquals(new long[] {4, 3, 8, 10}, ds.getFeatures().shape());
        assertArrayEquals(new long[] {4, 3}, ds.getLabels().shape());
        // first files are ant/img1..img4 → label [1,0,0]
        for (int i = 0; i < 4; i++) assertEquals(0, ds.getLabels().getRow(i).argMax().getInt(0));
        int batches = 1, seen = 4;
        while (b.hasNext()) { seen += b.next().numExamples(); batches++; }
        assertEquals(15, seen);
        assertEquals(4, batches);
        // every label matches the folder of its file
        b.reset();
        List<String> names = b.files();
        int row = 0;
        while (b.hasNext()) {
            DataSet d = b.next();
            for (int i = 0; i < d.numExamples(); i++, row++) {
                String cls = names.get(row).substring(0, names.get(row).indexOf('/'));
                assertEquals(b.classes().indexOf(cls), d.getLabels().getRow(i).argMax().getInt(0), names.get(row));
            }
        }
    }

    @Test
    void fileOrderIsNaturalWithShuffleOff() {
        Path root = Fixtures.classFolders(tmp.resolve("v"), 12, 6, "b", "a");
        Batches b = Utils.getBatches(root, Utils.opts().size(6).batchSize(5).shuffle(false));
        List<String> expected = new ArrayList<>();
        for (String c : List.of("a", "b")) for (int i = 1; i <= 12; i++) expected.add(c + "/img" + i + ".png");
        assertEquals(expected, b.files());
        // the pixel colours tell which class each row came from: class a has R=10, class b R=50
        List<Path> seen = new ArrayList<>();
        while (b.hasNext()) {
            DataSet d = b.next();
            seen.addAll(b.lastFiles());
            for (int i = 0; i < d.numExamples(); i++) {
                double red = d.getFeatures().getDouble(i, 2, 0, 0);   // channel 2 is red (BGR)
                String cls = seen.get(seen.size() - d.numExamples() + i).getParent().getFileName().toString();
                assertEquals(cls.equals("b") ? 10 : 50, red, 1.0);  // "b" was created first → colour 10
            }
        }
        assertEquals(b.paths(), seen);
    }

    @Test
    void shuffleChangesOrderEachPassButKeepsFilesAndLabelsTogether() {
        Path root = Fixtures.classFolders(tmp.resolve("t"), 10, 6, "a", "b");
        Batches b = Utils.getBatches(root, Utils.opts().size(6).batchSize(7).seed(1));
        List<String> first = b.files();
        assertEquals(20, new HashSet<>(first).size());
        assertNotEquals(b.with(b.options().shuffle(false)).files(), first);
        int row = 0;
        while (b.hasNext()) {
            DataSet d = b.next();
            for (int i = 0; i < d.numExamples(); i++, row++) {
                String cls = first.get(row).substring(0, 1);
                assertEquals(cls.equals("a") ? 0 : 1, d.getLabels().getRow(i).argMax().getInt(0));
                assertEquals(cls.equals("a") ? 10 : 50, d.getFeatures().getDouble(i, 2, 0, 0), 1.0);
            }
        }
        b.reset();
        assertNotEquals(first, b.files());
        assertEquals(new HashSet<>(first), new HashSet<>(b.files()));
    }

    @Test
    void unlabelledTestFolderKeepsNamesInOrder() {
        Path test = tmp.resolve("test");
        for (int n : new int[] {10, 2, 1, 33, 3}) Fixtures.grayPng(test.resolve("unknown").resolve(n + ".png"), 5, n);
        Batches b = Utils.getBatches(test, Utils.opts().size(5).channels(1).batchSize(2).unlabelled());
        assertEquals(List.of("unknown/1.png", "unknown/2.png", "unknown/3.png", "unknown/10.png", "unknown/33.png"), b.files());
        assertTrue(b.classes().isEmpty());
        List<Double> firstPixels = new ArrayList<>();
        while (b.hasNext()) {
            DataSet d = b.next();
            assertNull(d.getLabels());
            for (int i = 0; i < d.numExamples(); i++) firstPixels.add(d.getFeatures().getDouble(i, 0, 0, 0));
        }
        assertEquals(List.of(1.0, 2.0, 3.0, 10.0, 33.0), firstPixels);
    }

    @Test
    void grayscaleValuesAreRawPixels() {
        Fixtures.grayPng(tmp.resolve("g/only/x.png"), 4, 7);
        DataSet d = Utils.getBatches(tmp.resolve("g"), Utils.opts().size(4).channels(1).batchSize(1)).next();
        INDArray f = d.getFeatures();
        assertArrayEquals(new long[] {1, 1, 4, 4}, f.shape());
        assertEquals(7 + 3 * 2 + 5 * 1, f.getDouble(0, 0, 1, 2), 1e-6); // row y=1, column x=2
    }

    @Test
    void missingFolderNamesThePath() {
        Path nowhere = tmp.resolve("nowhere");
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.getBatches(nowhere));
        assertEquals("image folder not found: " + nowhere, e.getMessage());
    }

    @Test
    void folderWithoutClassFoldersIsAClearError() throws Exception {
        Path flat = tmp.resolve("flat");
        Fixtures.grayPng(flat.resolve("1.png"), 4, 0);
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.getBatches(flat));
        assertTrue(e.getMessage().startsWith("no class folders in " + flat), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        Files.createDirectories(tmp.resolve("empty"));
        var e2 = assertThrows(IllegalArgumentException.class, () -> Utils.getBatches(tmp.resolve("empty")));
        assertTrue(e2.getMessage().startsWith("no class folders in " + tmp.resolve("empty")), e2.getMessage());
    }

    @Test
    void emptyClassFolderIsAClearError() throws Exception {
        Path root = Fixtures.classFolders(tmp.resolve("train"), 2, 4, "cats");
        Files.createDirectories(root.resolve("dogs"));
        Files.writeString(root.resolve("dogs/notes.txt"), "not an image");
        var e = assertThrows(IllegalArgumentException.class, () -> Utils.getBatches(root));
        assertEquals("class folder has no images: " + root.resolve("dogs"), e.getMessage());
    }

    @Test
    void unreadableImageIsNamed() throws Exception {
        Path root = Fixtures.classFolders(tmp.resolve("train"), 3, 4, "cats", "dogs");
        Path bad = root.resolve("dogs/img2.png");
        Files.writeString(bad, "this is not a png");
        // refused when the folder is opened (ImageDecodingTest has every kind of bad file) ...
        var atOpen = assertThrows(IllegalArgumentException.class, () -> Utils.getBatches(root, Utils.opts().size(4)));
        assertTrue(atOpen.getMessage().endsWith("\n  dogs/img2.png: not an image in a format DataVec reads (starts with 74 68 69 73 20 69 73 20)"), atOpen.getMessage());
        // ... and a file spoilt after opening is still named when its batch comes up
        Fixtures.png(bad, 4, 4, 1, 2, 3);
        Batches b = Utils.getBatches(root, Utils.opts().size(4).batchSize(2).shuffle(false));
        Files.writeString(bad, "this is not a png");
        b.next(); // cats 1,2
        b.next(); // cats 3, dogs 1
        var e = assertThrows(IllegalArgumentException.class, b::next);
        assertTrue(e.getMessage().startsWith("cannot read image " + bad + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
