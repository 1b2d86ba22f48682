package fastai.display;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import fastai.OneHot;
import fastai.io.ImageCheck;
import fastai.io.ImageDecoder;
import java.nio.file.Files;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Image grids with titles, the course's {@code plots(ims, titles, rows)}, drawn with Java2D.
 * Small images (28x28) are enlarged with sharp pixels so they are visible; large ones shrunk.
 */
public final class Plots {
    /** Images are scaled so that their longer side is about this many pixels. */
    public static final int CELL = 140;
    /** The size of a line chart (history, loss curves): wide enough for a legend beside the lines. */
    public static final int WIDTH = 600, HEIGHT = 350;
    private static final int PAD = 6;
    private static final int TITLE_H = 18;

    private Plots() { }

    /** A grid of {@code images} in {@code rows} rows, each with its title above it (titles may be null). */
    public static BufferedImage grid(List<BufferedImage> images, List<String> titles, int rows) {
        if (images.isEmpty()) throw new IllegalArgumentException("no images to plot");
        if (titles != null && !titles.isEmpty() && titles.size() != images.size()) {
            throw new IllegalArgumentException(images.size() + " images but " + titles.size() + " titles");
        }
        int n = images.size();
        int r = Math.max(1, Math.min(rows, n));
        int cols = (n + r - 1) / r;
        boolean hasTitles = titles != null && !titles.isEmpty();
        List<BufferedImage> scaled = new ArrayList<>();
        int cellW = 0, cellH = 0;
        for (BufferedImage img : images) {
            BufferedImage s = scale(img);
            scaled.add(s);
            cellW = Math.max(cellW, s.getWidth());
            cellH = Math.max(cellH, s.getHeight());
        }
        int titleH = hasTitles ? TITLE_H : 0;
        int w = cols * (cellW + PAD) + PAD;
        int h = r * (cellH + titleH + PAD) + PAD;
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < n; i++) {
                int x = PAD + (i % cols) * (cellW + PAD);
                int y = PAD + (i / cols) * (cellH + titleH + PAD);
                if (hasTitles) {
                    String t = fit(String.valueOf(titles.get(i)), fm, cellW);
                    g.setColor(Color.BLACK);
                    g.drawString(t, x + (cellW - fm.stringWidth(t)) / 2, y + fm.getAscent());
                }
                BufferedImage s = scaled.get(i);
                g.drawImage(s, x + (cellW - s.getWidth()) / 2, y + titleH, null);
            }
        } finally {
            g.dispose();
        }
        return out;
    }

    /** A grid of an image batch [N, C, H, W] (C = 1, or 3 in DataVec's BGR order). */
    public static BufferedImage grid(INDArray batch, List<String> titles, int rows) {
        return grid(toImages(batch), titles, rows);
    }

    /** A grid of a labelled batch, titled with each image's class name. */
    public static BufferedImage grid(DataSet batch, List<String> classes, int rows) {
        List<String> titles = new ArrayList<>();
        if (batch.getLabels() != null) {
            for (int idx : OneHot.decode(batch.getLabels())) titles.add(classes != null && idx < classes.size() ? classes.get(idx) : String.valueOf(idx));
        }
        return grid(toImages(batch.getFeatures()), titles, rows);
    }

    /** A grid of image files (titles default to the file names). */
    public static BufferedImage gridOfFiles(List<Path> files, List<String> titles, int rows) {
        List<BufferedImage> imgs = new ArrayList<>();
        for (Path f : files) imgs.add(read(f));
        List<String> t = titles;
        if (t == null || t.isEmpty()) {
            t = new ArrayList<>();
            for (Path f : files) t.add(f.getFileName().toString());
        }
        return grid(imgs, t, rows);
    }

    /**
     * Reads an image file for plotting, with the decoder {@link Batches} uses ({@link ImageDecoder}),
     * so the picture shows the values the network gets (a 16-bit PNG scaled to 0..255, a CMYK JPEG
     * converted as OpenCV does, an ICC profile ignored). A file that {@link ImageCheck#quick} finds
     * unusable (truncated, empty, not an image) gives an error naming it and the problem.
     */
    public static BufferedImage read(Path file) {
        Path f = file.toAbsolutePath();
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("image file not found: " + f);
        String problem = ImageCheck.quick(f);
        if (problem != null) throw new IllegalArgumentException("cannot plot " + f + ": " + problem);
        try {
            INDArray m = new ImageDecoder(0).asMatrix(f.toFile());
            if (m.size(1) != 1 && m.size(1) != 3) m = new ImageDecoder(3).asMatrix(f.toFile());
            return toImages(m, true).get(0);
        } catch (IOException | RuntimeException e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            throw new IllegalArgumentException(msg.startsWith("cannot read image") ? msg : "cannot read image " + f + ": " + msg, e);
        }
    }

    /**
     * Turns a batch [N, C, H, W] (or one image [C, H, W]) into pictures. Values in 0..1 are taken
     * as fractions, values in 0..255 as pixels; anything else (e.g. mean-subtracted input) is
     * stretched to the full range per image. Three channels are read as B, G, R.
     */
    public static List<BufferedImage> toImages(INDArray batch) { return toImages(batch, false); }

    /** As {@link #toImages(INDArray)}; {@code pixels}: the values are 0..255 pixels, shown as they are (no stretching). */
    static List<BufferedImage> toImages(INDArray batch, boolean pixels) {
        INDArray b = batch.rank() == 3 ? batch.reshape(1, batch.size(0), batch.size(1), batch.size(2)) : batch;
        if (b.rank() != 4 || (b.size(1) != 1 && b.size(1) != 3)) {
            throw new IllegalArgumentException("expected images as [N, 1 or 3, height, width], got shape " + Arrays.toString(batch.shape()));
        }
        int n = (int) b.size(0), c = (int) b.size(1), h = (int) b.size(2), w = (int) b.size(3);
        List<BufferedImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] v = b.get(NDArrayIndex.point(i)).dup('c').castTo(DataType.FLOAT).data().asFloat();
            float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
            for (float x : v) { min = Math.min(min, x); max = Math.max(max, x); }
            float lo, scale;
            if (pixels) { lo = 0; scale = 1f; }
            else if (min >= 0 && max <= 1.0f) { lo = 0; scale = 255f; }
            else if (min >= 0 && max <= 255f) { lo = 0; scale = 1f; }
            else { lo = min; scale = max > min ? 255f / (max - min) : 1f; }
            BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
            int plane = h * w;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    if (c == 1) {
                        img.getRaster().setSample(x, y, 0, clamp((v[p] - lo) * scale));
                    } else {
                        int bl = clamp((v[p] - lo) * scale);
                        int gr = clamp((v[plane + p] - lo) * scale);
                        int rd = clamp((v[2 * plane + p] - lo) * scale);
                        img.setRGB(x, y, (rd << 16) | (gr << 8) | bl);
                    }
                }
            }
            out.add(img);
        }
        return out;
    }

    private static int clamp(float v) { return Math.max(0, Math.min(255, Math.round(v))); }

    private static BufferedImage scale(BufferedImage img) {
        int side = Math.max(img.getWidth(), img.getHeight());
        double f = side < CELL ? Math.max(1, Math.floor((double) CELL / side)) : (double) CELL / side;
        if (f == 1.0) return img;
        int w = Math.max(1, (int) Math.round(img.getWidth() * f));
        int h = Math.max(1, (int) Math.round(img.getHeight() * f));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, f > 1 ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR
                    : RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static String fit(String s, FontMetrics fm, int width) {
        if (fm.stringWidth(s) <= width) return s;
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "…") > width) t = t.substring(0, t.length() - 1);
        return t + "…";
    }
}
