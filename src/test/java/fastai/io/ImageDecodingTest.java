package fastai.io;

import fastai.BadImages;
import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import fastai.display.Plots;
import fastai.models.MiniVgg;
import fastai.train.History;
import fastai.Batches;
import fastai.Utils;

/**
 * Images that used to come in silently wrong now come in right (pixel values checked) through
 * getBatches and plots, and unusable ones are refused in one message when the folder is opened.
 */
class ImageDecodingTest {
    @TempDir Path tmp;
    private int opened;

    /** The single image of a one-file folder, read by getBatches at its own size. */
    private INDArray viaBatches(Path file, int side, int channels) throws Exception {
        Path root = tmp.resolve("b" + (++opened) + "-" + file.getFileName());
        Path dest = root.resolve("only").resolve(file.getFileName());
        Files.createDirectories(dest.getParent());
        Files.copy(file, dest);
        Batches b = Utils.getBatches(root, Utils.opts().size(side).channels(channels).batchSize(4).shuffle(false));
        return b.next().getFeatures();
    }

    @Test void sixteenBitGreyIsScaledTo0to255() throws Exception {
        int[][] v = new int[8][8];
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) v[y][x] = 257 * (10 * x + y);
        v[0][0] = 65535;   // white
        v[0][1] = 1000;    // 1000/257 = 3.89 -> 4
        Path f = BadImages.gray16Png(tmp.resolve("g16.png"), v);
        INDArray a = viaBatches(f, 8, 1);
        assertEquals(255, a.getDouble(0, 0, 0, 0));
        assertEquals(4, a.getDouble(0, 0, 0, 1));
        for (int y = 1; y < 8; y++) for (int x = 0; x < 8; x++) assertEquals(10 * x + y, a.getDouble(0, 0, y, x), 0.0, "pixel " + x + "," + y);
        // the plot shows the same values, not a stretched picture
        BufferedImage p = Plots.read(f);
        assertEquals(10 * 3 + 2, p.getRaster().getSample(3, 2, 0));
        assertEquals(255, p.getRaster().getSample(0, 0, 0));
    }

    @Test void sixteenBitColourIsScaledTo0to255InBgrOrder() throws Exception {
        Path f = BadImages.rgb16Png(tmp.resolve("c16.png"), 8, 257 * 200, 257 * 100, 257 * 50);
        INDArray a = viaBatches(f, 8, 3);
        assertEquals(50, a.getDouble(0, 0, 4, 4));     // blue
        assertEquals(100, a.getDouble(0, 1, 4, 4));    // green
        assertEquals(200, a.getDouble(0, 2, 4, 4));    // red
        assertEquals(255, a.maxNumber().doubleValue(), 55.0);
        INDArray grey = viaBatches(f, 8, 1);
        // OpenCV's grey: 0.299 R + 0.587 G + 0.114 B
        assertEquals(0.299 * 200 + 0.587 * 100 + 0.114 * 50, grey.getDouble(0, 0, 1, 1), 1.0);
        assertEquals(0xC86432, Plots.read(f).getRGB(2, 2) & 0xFFFFFF);
    }

    @Test void paletteGifCmykAndIccImagesComeInWithTheirColours() throws Exception {
        INDArray pal = viaBatches(BadImages.palettePng(tmp.resolve("pal.png"), 8), 8, 3);
        assertArrayEquals(new double[] {50, 100, 200}, bgr(pal, 1, 1));
        assertArrayEquals(new double[] {30, 20, 10}, bgr(pal, 6, 6));

        INDArray gif = viaBatches(BadImages.write(tmp.resolve("two.gif"), BadImages.gif(8)), 8, 3);
        assertArrayEquals(new double[] {50, 100, 200}, bgr(gif, 1, 1));
        assertArrayEquals(new double[] {30, 20, 10}, bgr(gif, 6, 6));

        // ink c=0 m=155 y=205 k=55 -> R = 255*200/255 = 200, G = 100*200/255 = 78.4, B = 50*200/255 = 39.2
        Path cmyk = BadImages.cmykJpeg(tmp.resolve("cmyk.jpg"), 16, 0, 155, 205, 55);
        double[] c = bgr(viaBatches(cmyk, 16, 3), 8, 8);
        assertEquals(39.2, c[0], 3);
        assertEquals(78.4, c[1], 3);
        assertEquals(200, c[2], 3);
        int rgb = Plots.read(cmyk).getRGB(8, 8);
        assertEquals(200, (rgb >> 16) & 255, 3, "the plot converts CMYK as training does");
        assertEquals(78.4, (rgb >> 8) & 255, 3);

        // an ICC profile is ignored, as Keras/PIL do: the same values as the file without it
        byte[] jpg = BadImages.solidJpeg(16, 16, 120, 60, 30);
        byte[] png = BadImages.encode(solid(16, 0x783C1E), "png");
        byte[] profile = BadImages.linearRgbProfile();
        INDArray jPlain = viaBatches(BadImages.write(tmp.resolve("plain.jpg"), jpg), 16, 3);
        INDArray jIcc = viaBatches(BadImages.write(tmp.resolve("icc.jpg"), BadImages.withIccJpeg(jpg, profile)), 16, 3);
        assertEquals(jPlain, jIcc);
        INDArray pIcc = viaBatches(BadImages.write(tmp.resolve("icc.png"), BadImages.withIccPng(png, profile)), 16, 3);
        assertArrayEquals(new double[] {30, 60, 120}, bgr(pIcc, 3, 3));
        assertEquals(0x783C1E, Plots.read(tmp.resolve("icc.png")).getRGB(3, 3) & 0xFFFFFF);
        assertNull(ImageCheck.full(tmp.resolve("icc.jpg")));
        assertNull(ImageCheck.full(cmyk));
    }

    @Test void imagesInSubFoldersOfAClassFolderBelongToThatClass() {
        Path root = tmp.resolve("train");
        Fixtures.png(root.resolve("cats/c1.png"), 6, 6, 10, 10, 10);
        Fixtures.png(root.resolve("cats/more/c2.png"), 6, 6, 10, 10, 10);
        Fixtures.png(root.resolve("cats/more/deeper/c3.png"), 6, 6, 10, 10, 10);
        Fixtures.png(root.resolve("dogs/d1.png"), 6, 6, 200, 200, 200);
        Fixtures.png(root.resolve("cats/.ipynb_checkpoints/c1-checkpoint.png"), 6, 6, 0, 0, 0);
        Batches b = Utils.getBatches(root, Utils.opts().size(6).batchSize(10).shuffle(false));
        assertEquals(List.of("cats", "dogs"), b.classes());
        assertEquals(List.of("cats/c1.png", "cats/more/c2.png", "cats/more/deeper/c3.png", "dogs/d1.png"), b.files());
        assertArrayEquals(new int[] {0, 0, 0, 1}, b.labelIndices());
        DataSet ds = b.next();
        for (int i = 0; i < 4; i++) {
            assertEquals(i < 3 ? 0 : 1, ds.getLabels().getRow(i).argMax().getInt(0), b.files().get(i));
            assertEquals(i < 3 ? 10 : 200, ds.getFeatures().getDouble(i, 0, 0, 0), 1.0);
        }
    }

    /** A folder of every kind of bad file: one message before training, naming each; skipBad leaves them out. */
    @Test void badFilesAreListedInOneMessageWhenTheFolderIsOpened() throws Exception {
        Path root = tmp.resolve("mixed");
        byte[] jpeg = BadImages.noiseJpeg(64, 48, 3);
        for (int i = 0; i < 3; i++) BadImages.write(root.resolve("cats/good" + i + ".jpg"), BadImages.noiseJpeg(64, 48, 10 + i));
        for (int i = 0; i < 2; i++) BadImages.write(root.resolve("dogs/good" + i + ".jpg"), BadImages.noiseJpeg(64, 48, 20 + i));
        BadImages.write(root.resolve("cats/half.jpg"), BadImages.cut(jpeg, 0.5));
        BadImages.write(root.resolve("cats/more/nearly.jpg"), BadImages.cut(jpeg, 0.95));
        BadImages.write(root.resolve("dogs/zero.jpg"), new byte[0]);
        BadImages.write(root.resolve("dogs/login.jpg"), BadImages.HTML.getBytes());
        BadImages.write(root.resolve("dogs/junk.gif"), BadImages.concat("GIF89a".getBytes(), new byte[] {9, 9, 9, 9, 9, 9}, new byte[] {0x3B}));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Utils.getBatches(root, Utils.opts().size(16).batchSize(2)));
        String m = e.getMessage();
        assertTrue(m.startsWith("5 of 10 images in " + root.toAbsolutePath() + " cannot be used (fix or delete them, or open the folder with opts().skipBad() to leave them out):"), m);
        assertTrue(m.contains("\n  cats/half.jpg: truncated JPEG: no end-of-image marker"), m);
        assertTrue(m.contains("\n  cats/more/nearly.jpg: truncated JPEG"), m);
        assertTrue(m.contains("\n  dogs/zero.jpg: empty file (0 bytes)"), m);
        assertTrue(m.contains("\n  dogs/login.jpg: an HTML/XML page, not an image"), m);
        assertTrue(m.contains("\n  dogs/junk.gif: GIF that does not decode"), m);
        assertEquals(6, m.split("\n").length, "one line per bad file");

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, "UTF-8"));
        Batches b;
        try {
            b = Utils.getBatches(root, Utils.opts().size(16).batchSize(2).skipBad());
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString("UTF-8").startsWith("warning: 5 of 10 images in "), captured.toString("UTF-8"));
        assertEquals(5, b.count());
        assertFalse(b.files().stream().anyMatch(f -> f.contains("half") || f.contains("zero") || f.contains("login") || f.contains("junk") || f.contains("nearly")));

        // the plot of a bad file names it too
        IllegalArgumentException pe = assertThrows(IllegalArgumentException.class, () -> Plots.read(root.resolve("cats/half.jpg")));
        assertTrue(pe.getMessage().startsWith("cannot plot " + root.resolve("cats/half.jpg").toAbsolutePath() + ": truncated JPEG"), pe.getMessage());

        // and training on what is left runs through every batch
        MiniVgg m0 = MiniVgg.create(List.of("cats", "dogs"), new int[] {2}, 4, 1);
        Batches small = Utils.getBatches(root, Utils.opts().size(28).channels(1).batchSize(2).skipBad());
        History h = m0.quiet(true).fit(small, null, 1);
        assertEquals(1, h.epochs().size());
        assertTrue(Double.isFinite(h.last().loss()));
    }

    private static double[] bgr(INDArray a, int x, int y) {
        return new double[] {a.getDouble(0, 0, y, x), a.getDouble(0, 1, y, x), a.getDouble(0, 2, y, x)};
    }

    private static BufferedImage solid(int size, int rgb) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) img.setRGB(x, y, rgb);
        return img;
    }
}
