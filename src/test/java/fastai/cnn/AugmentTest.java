package fastai.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fastai.Augment;
import fastai.BatchOptions;
import fastai.Batches;
import fastai.ShearZoomTransform;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.datavec.image.data.ImageWritable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The augmentation: shear and zoom against a hand computation, flips through Batches' transform hook. */
class AugmentTest {
    @TempDir Path tmp;

    /** A Random whose nextDouble() is always 1, so the transform takes its largest shear and zoom. */
    static final class Max extends Random {
        @Override public double nextDouble() { return 1.0; }
    }

    /** 21x21 grey image whose pixel at column x is 10 x (a linear ramp: bilinear sampling is exact on it). */
    static Mat ramp() {
        Mat m = new Mat(21, 21, opencv_core.CV_8UC1);
        UByteIndexer idx = m.createIndexer();
        for (int y = 0; y < 21; y++) for (int x = 0; x < 21; x++) idx.put(y, x, 10 * x);
        idx.release();
        return m;
    }

    static int[][] run(ShearZoomTransform t) {
        var conv = new OpenCVFrameConverter.ToMat();
        ImageWritable out = t.transform(new ImageWritable(conv.convert(ramp())), new Max());
        Mat m = conv.convert(out.getFrame());
        assertEquals(21, m.rows());
        assertEquals(21, m.cols());
        UByteIndexer idx = m.createIndexer();
        int[][] v = new int[21][21];
        for (int y = 0; y < 21; y++) for (int x = 0; x < 21; x++) v[y][x] = idx.get(y, x);
        idx.release();
        return v;
    }

    @Test void zoomAndShearMoveEachPixelWhereTheAffineMapSays() {
        // Zoom 0.2 at its maximum: output x samples input x' = 10 + 1.2 (x - 10) (centre 10).
        int[][] z = run(new ShearZoomTransform(null, 0, 0.2));
        for (int x = 2; x <= 18; x++) assertEquals(10 * (10 + 1.2 * (x - 10)), z[10][x], 0.51, "zoom at x=" + x);
        // Shear 0.2 rad at its maximum: x' = x - sin(0.2) (y - 10); rows above and below the centre shift oppositely.
        int[][] s = run(new ShearZoomTransform(null, 0.2, 0));
        for (int y = 0; y < 21; y += 5) {
            for (int x = 3; x <= 17; x++) assertEquals(10 * (x - Math.sin(0.2) * (y - 10)), s[y][x], 0.51, "shear at " + x + "," + y);
        }
        // Outside the source: the nearest edge pixel is repeated (Keras' fill_mode 'nearest').
        assertEquals(0, z[10][0]);
        assertEquals(200, z[10][20]);
        // Nothing asked: the identity.
        int[][] id = run(new ShearZoomTransform(null, 0, 0));
        for (int x = 0; x < 21; x++) assertEquals(10 * x, id[7][x]);
    }

    @Test void flipsThroughTheBatchesHookGiveTheImageOrItsMirror() throws Exception {
        BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 16; y++) for (int x = 0; x < 16; x++) img.getRaster().setSample(x, y, 0, 15 * x);
        for (int i = 0; i < 12; i++) {
            Files.createDirectories(tmp.resolve("a"));
            ImageIO.write(img, "png", tmp.resolve("a/" + i + ".png").toFile());
        }
        Files.createDirectories(tmp.resolve("b"));
        ImageIO.write(img, "png", tmp.resolve("b/0.png").toFile());
        var opts = BatchOptions.defaults().size(16).channels(1).batchSize(13).shuffle(false);
        INDArray plain = Batches.open(tmp, opts).next().getFeatures();
        INDArray aug = Batches.open(tmp, opts.copy().transform(Augment.of(0, 0, true, 5))).next().getFeatures();
        int flipped = 0;
        for (int i = 0; i < 13; i++) {
            double left = aug.getDouble(i, 0, 8, 0), right = aug.getDouble(i, 0, 8, 15);
            if (left > right) flipped++;
            assertEquals(plain.getDouble(i, 0, 8, left > right ? 15 : 0), left, 1e-9, "image " + i + " is the original or its mirror");
        }
        assertTrue(flipped > 0 && flipped < 13, "some images flipped, some not: " + flipped + " of 13");
        assertTrue(opts.copy().transform(Augment.of(0, 0, true, 5)).toString().contains("augmented"));
    }

    @Test void badSettingsAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Augment.of(0, 0, false, 1));
        assertTrue(e.getMessage().contains("no augmentation"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ShearZoomTransform(null, 0.1, 1.5));
        assertTrue(e.getMessage().contains("zoom"), e.getMessage());
    }
}
