package fastai.arch;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

import fastai.display.Plots;

/** Pictures for lesson 7: heatmaps laid over images, and bounding boxes drawn on them. */
public final class Overlays {
    /** Side of each drawn picture (pixels), about a grid cell. */
    public static final int SIDE = Plots.CELL;

    private Overlays() { }

    /**
     * A map [h, w] (any scale) stretched to its own min..max, coloured blue → red, smoothly resized
     * over a grey image and blended with it ({@code alpha} = weight of the heatmap). The picture is
     * {@link #SIDE} high and keeps the image's aspect ratio (a 56x112 input gives a picture twice as wide).
     */
    public static BufferedImage heatmap(BufferedImage gray, INDArray map, double alpha) {
        if (map.rank() != 2) throw new IllegalArgumentException("map must be [h, w], got rank " + map.rank());
        int h = (int) map.size(0), w = (int) map.size(1);
        float[] v = map.dup('c').castTo(DataType.FLOAT).data().asFloat();
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (float x : v) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
        BufferedImage small = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
            float t = hi > lo ? (v[y * w + x] - lo) / (hi - lo) : 0f;
            small.setRGB(x, y, colour(t));
        }
        int outW = Math.max(1, (int) Math.round((double) SIDE * gray.getWidth() / gray.getHeight()));
        BufferedImage heat = resized(small, outW, SIDE, true), base = resized(gray, outW, SIDE, false);
        BufferedImage out = new BufferedImage(outW, SIDE, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < SIDE; y++) for (int x = 0; x < outW; x++) {
            int a = base.getRGB(x, y), b = heat.getRGB(x, y);
            int r = mix((a >> 16) & 255, (b >> 16) & 255, alpha), g = mix((a >> 8) & 255, (b >> 8) & 255, alpha), bl = mix(a & 255, b & 255, alpha);
            out.setRGB(x, y, (r << 16) | (g << 8) | bl);
        }
        return out;
    }

    /**
     * Image {@code i} of {@code images} [N, 1, H, W] with boxes (x, y, width, height in image pixels):
     * {@code truth} in red, {@code predicted} in yellow (either may be null).
     */
    public static BufferedImage boxes(BufferedImage gray, double[] truth, double[] predicted) {
        BufferedImage out = resized(gray, SIDE, false);
        double s = (double) SIDE / Math.max(gray.getWidth(), gray.getHeight());
        Graphics2D g = out.createGraphics();
        try {
            g.setStroke(new BasicStroke(2f));
            if (truth != null) { g.setColor(Color.RED); rect(g, truth, s); }
            if (predicted != null) { g.setColor(Color.YELLOW); rect(g, predicted, s); }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** Boxes for the first {@code n} images of a batch: truth and predictions as [N, 4]. */
    public static List<BufferedImage> boxes(INDArray images, INDArray truth, INDArray predicted, int n) {
        List<BufferedImage> grays = Plots.toImages(images.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(boxes(grays.get(i), truth == null ? null : truth.getRow(i).toDoubleVector(),
                    predicted == null ? null : predicted.getRow(i).toDoubleVector()));
        }
        return out;
    }

    private static void rect(Graphics2D g, double[] b, double s) {
        if (b.length != 4) throw new IllegalArgumentException("a box is 4 numbers (x, y, width, height), got " + b.length);
        g.drawRect((int) Math.round(b[0] * s), (int) Math.round(b[1] * s), (int) Math.round(b[2] * s), (int) Math.round(b[3] * s));
    }

    private static BufferedImage resized(BufferedImage img, int side, boolean smooth) {
        return resized(img, side, side, smooth);
    }

    private static BufferedImage resized(BufferedImage img, int width, int height, boolean smooth) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION,
                    smooth ? RenderingHints.VALUE_INTERPOLATION_BILINEAR : RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
            g.drawImage(img, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static int mix(int a, int b, double alpha) { return (int) Math.round(a * (1 - alpha) + b * alpha); }

    /** A simple blue → cyan → yellow → red ramp for t in 0..1. */
    static int colour(float t) {
        float r = clamp(1.5f - Math.abs(4 * t - 3)), g = clamp(1.5f - Math.abs(4 * t - 2)), b = clamp(1.5f - Math.abs(4 * t - 1));
        return ((int) (r * 255) << 16) | ((int) (g * 255) << 8) | (int) (b * 255);
    }

    private static float clamp(float x) { return Math.max(0f, Math.min(1f, x)); }
}
