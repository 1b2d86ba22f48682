package fastai.mnist;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Data augmentation for small grey digits held in memory: each image gets its own random affine
 * warp (rotation, shift, shear, zoom) about its centre, sampled bilinearly, with 0 (background)
 * where the warp looks outside the image. Works on {@code [n, h*w]} (flat, as {@code Mnist}
 * loads them) or {@code [n, 1, h, w]}, and returns the same shape.
 *
 * <p>The course's MNIST settings ({@link #course()}): rotation up to 8 degrees, shifts up to 0.08
 * of the width/height, shear up to 0.3 radians, zoom between 0.92 and 1.08 (x and y drawn
 * separately), the ranges of Keras' {@code ImageDataGenerator} it used.
 *
 * <p>Plain Java loops on the float arrays: a 28x28 digit is 784 pixels, so warping a batch of
 * 64 costs far less than one training step, and the arithmetic is easy to check by hand.
 */
public final class DigitWarp {
    private final double rotationDeg, shift, shear, zoom;
    private final Random random;

    /**
     * Random warps up to {@code rotationDeg} degrees either way, shifts up to {@code shift} of
     * the image size, shear up to {@code shear} radians, zoom within {@code 1 ± zoom}.
     */
    public DigitWarp(double rotationDeg, double shift, double shear, double zoom, long seed) {
        check("rotationDeg", rotationDeg, 180);
        check("shift", shift, 1);
        check("shear", shear, 1.5);
        check("zoom", zoom, 0.99);
        this.rotationDeg = rotationDeg;
        this.shift = shift;
        this.shear = shear;
        this.zoom = zoom;
        this.random = new Random(seed);
    }

    /** The course's MNIST augmentation: 8 degrees, shift 0.08, shear 0.3, zoom 0.08. */
    public static DigitWarp course(long seed) { return new DigitWarp(8, 0.08, 0.3, 0.08, seed); }

    /** Each image of {@code images} warped by its own random transform (a new array). */
    public INDArray apply(INDArray images) {
        int[] s = shape(images);
        int n = s[0], h = s[1], w = s[2];
        float[] src = pixels(images);
        float[] dst = new float[src.length];
        for (int i = 0; i < n; i++) {
            double angle = uniform(rotationDeg);
            double dx = uniform(shift) * w, dy = uniform(shift) * h;
            double sh = uniform(shear);
            double zx = 1 + uniform(zoom), zy = 1 + uniform(zoom);
            warpOne(src, dst, i * h * w, h, w, angle, dx, dy, sh, zx, zy);
        }
        return Nd4j.create(dst, images.shape(), 'c');
    }

    /**
     * Every image warped by one given transform: rotate by {@code angleDeg} (counter-clockwise on
     * screen), shear by {@code shear} radians, zoom by {@code zoomX}, {@code zoomY} (above 1
     * enlarges), all about the image centre, then move by {@code dx}, {@code dy} pixels (right, down).
     */
    public static INDArray warp(INDArray images, double angleDeg, double dx, double dy,
                                double shear, double zoomX, double zoomY) {
        if (!(zoomX > 0) || !(zoomY > 0)) {
            throw new IllegalArgumentException("zoomX and zoomY must be positive, got " + zoomX + ", " + zoomY);
        }
        int[] s = shape(images);
        float[] src = pixels(images);
        float[] dst = new float[src.length];
        for (int i = 0; i < s[0]; i++) warpOne(src, dst, i * s[1] * s[2], s[1], s[2], angleDeg, dx, dy, shear, zoomX, zoomY);
        return Nd4j.create(dst, images.shape(), 'c');
    }

    /** Every image moved by {@code dx}, {@code dy} whole pixels (right, down); what leaves is lost, what enters is 0. */
    public static INDArray shift(INDArray images, int dx, int dy) { return warp(images, 0, dx, dy, 0, 1, 1); }

    /** Every image rotated by {@code angleDeg} about its centre. */
    public static INDArray rotate(INDArray images, double angleDeg) { return warp(images, angleDeg, 0, 0, 0, 1, 1); }

    /**
     * The forward map is out = T + C + R·Sh·Z·(in − C) with C the centre; for each output pixel
     * we invert it to find where it comes from, and interpolate there.
     */
    private static void warpOne(float[] src, float[] dst, int off, int h, int w, double angleDeg,
                                double dx, double dy, double shear, double zx, double zy) {
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        // y points down on screen, so a counter-clockwise turn on screen is -angle in these coordinates
        double t = Math.toRadians(-angleDeg);
        double cos = Math.cos(t), sin = Math.sin(t), tan = Math.tan(shear);
        // M = R · Sh · Z with R = [[cos, -sin], [sin, cos]], Sh = [[1, tan], [0, 1]], Z = diag(zx, zy)
        double m00 = cos * zx, m01 = (cos * tan - sin) * zy;
        double m10 = sin * zx, m11 = (sin * tan + cos) * zy;
        double det = m00 * m11 - m01 * m10;
        double i00 = m11 / det, i01 = -m01 / det, i10 = -m10 / det, i11 = m00 / det;
        for (int y = 0; y < h; y++) {
            double ry = y - cy - dy;
            for (int x = 0; x < w; x++) {
                double rx = x - cx - dx;
                double sx = i00 * rx + i01 * ry + cx;
                double sy = i10 * rx + i11 * ry + cy;
                dst[off + y * w + x] = bilinear(src, off, h, w, sx, sy);
            }
        }
    }

    private static float bilinear(float[] src, int off, int h, int w, double x, double y) {
        // snap values within rounding error of a pixel centre, so whole-pixel moves are exact
        double rx = Math.rint(x), ry = Math.rint(y);
        if (Math.abs(x - rx) < 1e-9) x = rx;
        if (Math.abs(y - ry) < 1e-9) y = ry;
        int x0 = (int) Math.floor(x), y0 = (int) Math.floor(y);
        double fx = x - x0, fy = y - y0;
        double v = 0;
        v += (1 - fx) * (1 - fy) * at(src, off, h, w, x0, y0);
        if (fx > 0) v += fx * (1 - fy) * at(src, off, h, w, x0 + 1, y0);
        if (fy > 0) v += (1 - fx) * fy * at(src, off, h, w, x0, y0 + 1);
        if (fx > 0 && fy > 0) v += fx * fy * at(src, off, h, w, x0 + 1, y0 + 1);
        return (float) v;
    }

    private static float at(float[] src, int off, int h, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : src[off + y * w + x];
    }

    private double uniform(double range) { return range == 0 ? 0 : (random.nextDouble() * 2 - 1) * range; }

    /** {n, h, w} of a batch of square grey images given as [n, h*w] or [n, 1, h, w]. */
    static int[] shape(INDArray images) {
        if (images == null) throw new IllegalArgumentException("images is null");
        long[] s = images.shape();
        if (s.length == 2) {
            int side = (int) Math.round(Math.sqrt(s[1]));
            if ((long) side * side != s[1]) {
                throw new IllegalArgumentException("flat images must have a square number of pixels (28*28 = 784 for MNIST), got shape "
                        + Arrays.toString(s));
            }
            return new int[] {(int) s[0], side, side};
        }
        if (s.length == 4 && s[1] == 1) return new int[] {(int) s[0], (int) s[2], (int) s[3]};
        throw new IllegalArgumentException("images must be [n, h*w] or [n, 1, h, w] (grey), got shape " + Arrays.toString(s));
    }

    private static float[] pixels(INDArray images) {
        return images.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    private static void check(String name, double v, double max) {
        if (!(v >= 0 && v <= max)) throw new IllegalArgumentException(name + " must be between 0 and " + max + ", got " + v);
    }

    @Override public String toString() {
        return "DigitWarp(rotation ±" + rotationDeg + "°, shift ±" + shift + ", shear ±" + shear + " rad, zoom 1±" + zoom + ")";
    }
}
