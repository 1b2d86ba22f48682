package fastai.augment;

import fastai.Fixtures;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.datavec.image.loader.NativeImageLoader;
import org.datavec.image.transform.ImageTransform;
import org.datavec.image.transform.RotateImageTransform;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import fastai.BatchOptions;
import fastai.Batches;

/** Each augmentation step on a synthetic gradient image whose pixel (x, y) is 3x + 5y. */
class AugmentationTest {
    static final int N = 28;
    @TempDir static Path tmp;
    static Path img;
    static INDArray plain;

    @BeforeAll
    static void image() throws Exception {
        img = Fixtures.grayPng(tmp.resolve("g.png"), N, 0);
        plain = load(null);
    }

    static INDArray load(ImageTransform t) throws Exception {
        return new NativeImageLoader(N, N, 1, t).asMatrix(img.toFile()).reshape(N, N);
    }

    @Test
    void theSyntheticImageIsWhatWeThinkItIs() {
        assertEquals(3 * 4 + 5 * 7, plain.getInt(7, 4));   // [row y, column x]
    }

    @Test
    void flipMirrorsPixels() throws Exception {
        INDArray f = load(new HorizontalFlipTransform());
        for (int y = 0; y < N; y++) for (int x = 0; x < N; x++) assertEquals(plain.getInt(y, N - 1 - x), f.getInt(y, x));
        assertEquals(plain, load(new HorizontalFlipTransform(new java.util.Random(1), 0)), "probability 0 never flips");
    }

    @Test
    void shiftByKMovesPixelsByK() throws Exception {
        INDArray s = load(new ShiftImageTransform(3, 2));
        for (int y = 2; y < N; y++) for (int x = 3; x < N; x++) assertEquals(plain.getInt(y - 2, x - 3), s.getInt(y, x), "at " + x + "," + y);
        // pixels from outside repeat the nearest edge
        assertEquals(plain.getInt(0, 0), s.getInt(0, 0));
    }

    @Test
    void rotationByZeroIsTheIdentityAndNinetyDegreesTurns() throws Exception {
        assertEquals(plain, load(new RotateImageTransform(0)));
        assertEquals(plain, load(Augmentation.none().transform()));
        INDArray r = load(new RotateImageTransform(90));   // DataVec rotates counter-clockwise about (14, 14)
        // a counter-clockwise quarter turn about (c, c) (the top-right corner goes to the top-left):
        // output pixel (x, y) takes input pixel (2c - y, x)
        int c = N / 2;
        for (int y = 1; y < N; y++) for (int x = 0; x < N; x++) {
            assertEquals(plain.getInt(x, 2 * c - y), r.getInt(y, x), 1, "at " + x + "," + y);
        }
    }

    @Test
    void shearMovesEachRowInProportionToItsDistanceFromTheCentre() throws Exception {
        // tan(angle) = 2: row y moves 2 * (y - 13.5) = 2y - 27 pixels, an integer for every row
        INDArray s = load(new ShearImageTransform(Math.atan(2)));
        for (int y = 0; y < N; y++) for (int x = 0; x < N; x++) {
            int src = x - (2 * y - 27);
            if (src >= 0 && src < N) assertEquals(plain.getInt(y, src), s.getInt(y, x), "at " + x + "," + y);
        }
    }

    @Test
    void channelShiftAddsAndClips() throws Exception {
        INDArray up = load(new ChannelShiftTransform(10));
        INDArray way = load(new ChannelShiftTransform(100));
        for (int y = 0; y < N; y++) for (int x = 0; x < N; x++) {
            assertEquals(plain.getInt(y, x) + 10, up.getInt(y, x));
            assertEquals(Math.min(255, plain.getInt(y, x) + 100), way.getInt(y, x));
        }
    }

    @Test
    void courseSettingsVaryTheImageAndRepeatWithTheSeed() {
        Augmentation a = Augmentation.course();
        assertEquals(10, a.rotation());
        assertEquals(0.15, a.shear());
        INDArray p1 = a.preview(img, 8, N, N, 1), p2 = Augmentation.course().preview(img, 8, N, N, 1);
        assertArrayEquals(new long[] {8, 1, N, N}, p1.shape());
        assertEquals(p1, p2, "same seed, same images");
        assertNotEquals(p1.slice(0), p1.slice(1), "each draw differs");
        assertTrue(p1.minNumber().doubleValue() >= 0 && p1.maxNumber().doubleValue() <= 255);
    }

    @Test
    void batchesApplyTheTransform() {
        Path dir = Fixtures.learnable(tmp.resolve("set"), 3, N, 4);
        BatchOptions o = BatchOptions.defaults().size(N).channels(1).batchSize(6).shuffle(false);
        INDArray a = Batches.open(dir, o).next().getFeatures();
        Batches flipped = Batches.open(dir, o.copy().transform(new HorizontalFlipTransform()));
        assertTrue(flipped.toString().contains("augmented"));
        INDArray b = flipped.next().getFeatures();
        for (int x = 0; x < N; x++) {
            assertEquals(a.getDouble(2, 0, 5, N - 1 - x), b.getDouble(2, 0, 5, x));
        }
        assertNull(BatchOptions.defaults().transform(), "no transform unless asked");
    }

    @Test
    void badSettingsAreClearErrors() {
        var e = assertThrows(IllegalArgumentException.class, () -> Augmentation.course().rotation(-1));
        assertTrue(e.getMessage().contains("rotation"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.course().widthShift(1.5));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.course().shear(2));
        assertThrows(IllegalArgumentException.class, () -> new ChannelShiftTransform(new java.util.Random(), -3));
        assertThrows(IllegalArgumentException.class, () -> Augmentation.course().preview(tmp.resolve("missing.png"), 8, N, N, 1));
    }
}
