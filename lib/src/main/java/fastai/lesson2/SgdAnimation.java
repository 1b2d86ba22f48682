package fastai.lesson2;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import fastai.display.Renderable;
import fastai.io.AtomicFiles;
import java.util.Arrays;

/**
 * An animation of {@link LinearSgd} at work: every frame runs some updates, then draws the points
 * and the current line (the starting guess stays as a dashed line for reference, the true line
 * is not drawn). Written as a looping animated GIF and shown inline in a notebook.
 *
 * <p>The course's animation: 40 frames of 10 updates, 100 ms apart — {@code record(sgd, 40, 10)}.
 *
 * <p>In a notebook the animation shows itself as {@code text/html} (an {@code <img>} whose source
 * is the GIF as a data URI, which every front end that renders HTML animates) plus
 * {@code image/gif} (which JupyterLab, Notebook 7 and VS Code render directly) and
 * {@code text/plain}.
 */
public final class SgdAnimation implements Renderable {
    /** What one frame shows: the state after {@code step} updates. */
    public record Frame(int index, long step, double a, double b, double loss) { }

    public static final int DEFAULT_WIDTH = 480, DEFAULT_HEIGHT = 320, DEFAULT_DELAY_MS = 100;

    private final List<Frame> frames;
    private final List<BufferedImage> images;
    private final int delayMs;
    private byte[] gif;

    private SgdAnimation(List<Frame> frames, List<BufferedImage> images, int delayMs) {
        this.frames = List.copyOf(frames);
        this.images = List.copyOf(images);
        this.delayMs = delayMs;
    }

    /** {@code frameCount} frames of {@code updatesPerFrame} updates each, 480×320, 100 ms a frame. Moves {@code sgd} on. */
    public static SgdAnimation record(LinearSgd sgd, int frameCount, int updatesPerFrame) {
        return record(sgd, frameCount, updatesPerFrame, DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_DELAY_MS);
    }

    /**
     * Runs {@code frameCount × updatesPerFrame} updates of {@code sgd} (which is left at the end
     * state), drawing a {@code width × height} frame after every {@code updatesPerFrame}.
     */
    public static SgdAnimation record(LinearSgd sgd, int frameCount, int updatesPerFrame, int width, int height, int delayMs) {
        if (sgd == null) throw new IllegalArgumentException("sgd is null");
        if (frameCount < 1) throw new IllegalArgumentException("frameCount = " + frameCount + " must be at least 1");
        if (updatesPerFrame < 0) throw new IllegalArgumentException("updatesPerFrame = " + updatesPerFrame + " must not be negative");
        if (width < 120 || height < 90) throw new IllegalArgumentException("frame size " + width + "x" + height + " is too small (at least 120x90)");
        if (delayMs < 10) throw new IllegalArgumentException("delayMs = " + delayMs + " must be at least 10 (GIF delays are in hundredths of a second)");
        double[] x = sgd.x(), y = sgd.y();
        double startA = sgd.a(), startB = sgd.b();
        Axes axes = Axes.fit(x, y, startA, startB);
        List<Frame> frames = new ArrayList<>();
        List<BufferedImage> images = new ArrayList<>();
        Palette palette = new Palette();
        for (int f = 0; f < frameCount; f++) {
            sgd.steps(updatesPerFrame);
            Frame fr = new Frame(f, sgd.stepCount(), sgd.a(), sgd.b(), sgd.loss());
            frames.add(fr);
            images.add(palette.toIndexed(draw(x, y, startA, startB, fr, axes, width, height)));
        }
        return new SgdAnimation(frames, images, delayMs);
    }

    /** The state each frame shows. */
    public List<Frame> frames() { return frames; }

    public int frameCount() { return frames.size(); }

    /** The frames as images (indexed colour, as they go into the GIF). */
    public List<BufferedImage> images() { return images; }

    /** The last frame, as a still. */
    public BufferedImage lastImage() { return images.get(images.size() - 1); }

    public int delayMs() { return delayMs; }

    /** The animated GIF (looping forever), built once. */
    public synchronized byte[] gifBytes() {
        if (gif == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                writeGif(out);
            } catch (IOException e) {
                throw new UncheckedIOException("could not encode the GIF", e);
            }
            gif = out.toByteArray();
        }
        return gif.clone();
    }

    /** Writes the GIF to {@code file} (temporary file + rename); returns its absolute path. */
    public Path writeGif(Path file) {
        byte[] bytes = gifBytes();
        return AtomicFiles.write(file, tmp -> {
            Files.write(tmp, bytes);
        });
    }

    /** Same as {@link #writeGif(Path)}. */
    public Path writeGif(String file) { return writeGif(Path.of(file)); }

    /**
     * Frame 1 is written whole; every later frame only as the rectangle that changed, with the
     * pixels that did not change set to the transparent index (they keep showing the frame
     * below, as {@code doNotDispose} asks). That keeps the file small.
     */
    private void writeGif(OutputStream out) throws IOException {
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName("gif");
        if (!it.hasNext()) throw new IOException("this Java has no GIF writer");
        ImageWriter writer = it.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            writer.prepareWriteSequence(streamMetadata(writer, images.get(0), param));
            for (int i = 0; i < images.size(); i++) {
                BufferedImage img = images.get(i);
                // hold the last frame a little longer, so the end state can be read before the loop restarts
                int delay = i == images.size() - 1 ? Math.max(delayMs, 1500) : delayMs;
                int[] box = {0, 0, img.getWidth(), img.getHeight()};
                BufferedImage part = i == 0 ? img : changedPart(images.get(i - 1), img, box);
                IIOMetadata meta = frameMetadata(writer, part, param, delay, i == 0, box[0], box[1]);
                writer.writeToSequence(new IIOImage(part, null, meta), param);
            }
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
    }

    /** Screen size and the palette as the GIF's global colour table (every frame uses it). */
    private static IIOMetadata streamMetadata(ImageWriter writer, BufferedImage first, ImageWriteParam param) throws IOException {
        IIOMetadata meta = writer.getDefaultStreamMetadata(param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        IIOMetadataNode screen = child(root, "LogicalScreenDescriptor");
        screen.setAttribute("logicalScreenWidth", Integer.toString(first.getWidth()));
        screen.setAttribute("logicalScreenHeight", Integer.toString(first.getHeight()));
        screen.setAttribute("colorResolution", "8");
        screen.setAttribute("pixelAspectRatio", "0");
        IIOMetadataNode table = child(root, "GlobalColorTable");
        while (table.getFirstChild() != null) table.removeChild(table.getFirstChild());
        IndexColorModel cm = (IndexColorModel) first.getColorModel();
        table.setAttribute("sizeOfGlobalColorTable", Integer.toString(cm.getMapSize()));
        table.setAttribute("backgroundColorIndex", "0");
        table.setAttribute("sortFlag", "FALSE");
        for (int i = 0; i < cm.getMapSize(); i++) {
            IIOMetadataNode e = new IIOMetadataNode("ColorTableEntry");
            e.setAttribute("index", Integer.toString(i));
            e.setAttribute("red", Integer.toString(cm.getRed(i)));
            e.setAttribute("green", Integer.toString(cm.getGreen(i)));
            e.setAttribute("blue", Integer.toString(cm.getBlue(i)));
            table.appendChild(e);
        }
        meta.setFromTree(format, root);
        return meta;
    }

    /** The smallest rectangle where {@code cur} differs from {@code prev}, unchanged pixels transparent; {@code box} gets x, y, w, h. */
    private static BufferedImage changedPart(BufferedImage prev, BufferedImage cur, int[] box) {
        int w = cur.getWidth(), h = cur.getHeight();
        byte[] p = ((DataBufferByte) prev.getRaster().getDataBuffer()).getData();
        byte[] c = ((DataBufferByte) cur.getRaster().getDataBuffer()).getData();
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (p[y * w + x] != c[y * w + x]) {
                    x0 = Math.min(x0, x); x1 = Math.max(x1, x);
                    y0 = Math.min(y0, y); y1 = Math.max(y1, y);
                }
            }
        }
        if (x1 < 0) { x0 = 0; y0 = 0; x1 = 0; y1 = 0; } // nothing changed: one transparent pixel
        int pw = x1 - x0 + 1, ph = y1 - y0 + 1;
        BufferedImage part = new BufferedImage(pw, ph, BufferedImage.TYPE_BYTE_INDEXED, (IndexColorModel) cur.getColorModel());
        byte[] d = ((DataBufferByte) part.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < ph; y++) {
            for (int x = 0; x < pw; x++) {
                int k = (y + y0) * w + (x + x0);
                d[y * pw + x] = p[k] == c[k] ? (byte) Palette.TRANSPARENT : c[k];
            }
        }
        box[0] = x0; box[1] = y0; box[2] = pw; box[3] = ph;
        return part;
    }

    /** Delay (hundredths of a second), position, transparency, and on the first frame the NETSCAPE2.0 loop-forever block. */
    private static IIOMetadata frameMetadata(ImageWriter writer, BufferedImage img, ImageWriteParam param, int delayMs, boolean first,
            int left, int top) throws IOException {
        IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        String format = meta.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
        // no local colour table: every frame uses the global one written with the stream
        for (int i = root.getLength() - 1; i >= 0; i--) {
            if (root.item(i).getNodeName().equals("LocalColorTable")) root.removeChild(root.item(i));
        }
        IIOMetadataNode desc = child(root, "ImageDescriptor");
        desc.setAttribute("imageLeftPosition", Integer.toString(left));
        desc.setAttribute("imageTopPosition", Integer.toString(top));
        desc.setAttribute("interlaceFlag", "FALSE");
        IIOMetadataNode gce = child(root, "GraphicControlExtension");
        gce.setAttribute("disposalMethod", "doNotDispose");
        gce.setAttribute("userInputFlag", "FALSE");
        gce.setAttribute("transparentColorFlag", "TRUE"); // index 255 is never drawn, so frame 1 is opaque anyway
        gce.setAttribute("delayTime", Integer.toString(Math.round(delayMs / 10f)));
        gce.setAttribute("transparentColorIndex", Integer.toString(Palette.TRANSPARENT));
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1, loop count 0 = forever
            apps.appendChild(app);
        }
        meta.setFromTree(format, root);
        return meta;
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) return (IIOMetadataNode) root.item(i);
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    @Override public Map<String, String> mimeBundle() {
        String b64 = Base64.getEncoder().encodeToString(gifBytes());
        BufferedImage first = images.get(0);
        Map<String, String> bundle = new LinkedHashMap<>();
        bundle.put("text/html", "<img src=\"data:image/gif;base64," + b64 + "\" width=\"" + first.getWidth() + "\" height=\""
                + first.getHeight() + "\" alt=\"" + toString() + "\"/>");
        bundle.put("image/gif", b64);
        bundle.put("text/plain", toString());
        return bundle;
    }

    @Override public String toString() {
        Frame last = frames.get(frames.size() - 1);
        return String.format(Locale.ROOT, "SGD animation: %d frames, %d updates; last frame a = %.4f, b = %.4f, loss = %.6f",
                frames.size(), last.step(), last.a(), last.b(), last.loss());
    }

    // ------------------------------------------------------------------ drawing

    private static final Color POINTS = new Color(31, 119, 180);
    private static final Color LINE = new Color(214, 39, 40);
    private static final Color START = new Color(150, 150, 150);
    private static final Color GRID = new Color(225, 225, 225);

    /** One frame on its own: the points, the dashed starting line and the current line. */
    static BufferedImage draw(double[] x, double[] y, double startA, double startB, Frame fr, Axes ax, int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int left = 48, right = 14, top = 34, bottom = 34;
        int pw = width - left - right, ph = height - top - bottom;
        Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        g.setFont(small);
        FontMetrics fm = g.getFontMetrics();
        // grid and tick labels
        for (double t : ax.yTicks) {
            int py = top + (int) Math.round(ph * (ax.yMax - t) / (ax.yMax - ax.yMin));
            g.setColor(GRID);
            g.drawLine(left, py, left + pw, py);
            g.setColor(Color.DARK_GRAY);
            String s = tick(t, ax.yStep);
            g.drawString(s, left - 6 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
        }
        for (double t : ax.xTicks) {
            int px = left + (int) Math.round(pw * (t - ax.xMin) / (ax.xMax - ax.xMin));
            g.setColor(GRID);
            g.drawLine(px, top, px, top + ph);
            g.setColor(Color.DARK_GRAY);
            String s = tick(t, ax.xStep);
            g.drawString(s, px - fm.stringWidth(s) / 2, top + ph + 4 + fm.getAscent());
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, pw, ph);
        g.drawString("x", left + pw / 2, height - 4);
        g.drawString("y", 6, top + ph / 2);
        // clip the lines to the plot area
        g.setClip(left, top, pw + 1, ph + 1);
        g.setColor(START);
        g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
        g.draw(lineShape(startA, startB, ax, left, top, pw, ph));
        g.setColor(POINTS);
        for (int i = 0; i < x.length; i++) {
            double px = left + pw * (x[i] - ax.xMin) / (ax.xMax - ax.xMin);
            double py = top + ph * (ax.yMax - y[i]) / (ax.yMax - ax.yMin);
            g.fill(new Ellipse2D.Double(px - 3.5, py - 3.5, 7, 7));
        }
        g.setColor(LINE);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(lineShape(fr.a(), fr.b(), ax, left, top, pw, ph));
        g.setClip(null);
        // caption
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(String.format(Locale.ROOT, "after %d updates: a = %.3f, b = %.3f", fr.step(), fr.a(), fr.b()), left, 15);
        g.setFont(small);
        g.drawString(String.format(Locale.ROOT, "loss (MSE) = %.4g    dashed: starting guess", fr.loss()), left, 29);
        g.dispose();
        return img;
    }

    private static Line2D lineShape(double a, double b, Axes ax, int left, int top, int pw, int ph) {
        double x0 = ax.xMin, x1 = ax.xMax;
        double px0 = left, px1 = left + pw;
        double py0 = top + ph * (ax.yMax - (a * x0 + b)) / (ax.yMax - ax.yMin);
        double py1 = top + ph * (ax.yMax - (a * x1 + b)) / (ax.yMax - ax.yMin);
        return new Line2D.Double(px0, py0, px1, py1);
    }

    private static String tick(double v, double step) {
        int decimals = step >= 1 ? 0 : (int) Math.ceil(-Math.log10(step) - 1e-9);
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Axis ranges fixed for the whole animation: the points, and the starting line across the x range. */
    static final class Axes {
        final double xMin, xMax, yMin, yMax, xStep, yStep;
        final double[] xTicks, yTicks;

        private Axes(double xMin, double xMax, double yMin, double yMax) {
            this.xMin = xMin;
            this.xMax = xMax;
            this.yMin = yMin;
            this.yMax = yMax;
            this.xStep = niceStep(xMax - xMin);
            this.yStep = niceStep(yMax - yMin);
            this.xTicks = ticks(xMin, xMax, xStep);
            this.yTicks = ticks(yMin, yMax, yStep);
        }

        static Axes fit(double[] x, double[] y, double a, double b) {
            double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
            double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
            for (double v : x) { x0 = Math.min(x0, v); x1 = Math.max(x1, v); }
            for (double v : y) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); }
            for (double v : new double[] {a * x0 + b, a * x1 + b}) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); }
            if (x1 - x0 < 1e-9) { x0 -= 0.5; x1 += 0.5; }
            if (y1 - y0 < 1e-9) { y0 -= 0.5; y1 += 0.5; }
            double px = 0.04 * (x1 - x0), py = 0.05 * (y1 - y0);
            return new Axes(x0 - px, x1 + px, y0 - py, y1 + py);
        }

        private static double niceStep(double range) {
            double raw = range / 6;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / mag;
            double nice = f < 1.5 ? 1 : f < 3 ? 2 : f < 7 ? 5 : 10;
            return nice * mag;
        }

        /** The multiples of {@code step} inside [from, to]. */
        private static double[] ticks(double from, double to, double step) {
            long first = (long) Math.ceil(from / step - 1e-9), last = (long) Math.floor(to / step + 1e-9);
            double[] t = new double[(int) Math.max(0, last - first + 1)];
            for (int i = 0; i < t.length; i++) t[i] = (first + i) * step;
            return t;
        }
    }

    /**
     * A fixed 256-colour palette: white plus shades of each colour the frames use, blended towards
     * white (which is what anti-aliasing produces). Each distinct RGB value is mapped once to its
     * nearest palette entry, so every frame uses the same colours and the GIF stays small.
     */
    static final class Palette {
        /** Palette index never used by a drawn colour: marks unchanged pixels in later frames. */
        static final int TRANSPARENT = 255;
        static final int SHADES = 12;
        private final IndexColorModel model;
        private final int[] rgb;
        private final Map<Integer, Integer> nearest = new HashMap<>();

        Palette() {
            Color[] bases = {Color.BLACK, POINTS, LINE, START, Color.DARK_GRAY, GRID, Color.GRAY};
            List<Integer> colours = new ArrayList<>();
            colours.add(0xFFFFFF);
            int shades = SHADES;
            for (Color c : bases) {
                for (int s = 0; s < shades; s++) {
                    double t = (double) s / (shades - 1); // 0 = the colour, 1 = white
                    int r = (int) Math.round(c.getRed() + (255 - c.getRed()) * t);
                    int g = (int) Math.round(c.getGreen() + (255 - c.getGreen()) * t);
                    int b = (int) Math.round(c.getBlue() + (255 - c.getBlue()) * t);
                    colours.add((r << 16) | (g << 8) | b);
                }
            }
            rgb = colours.stream().mapToInt(Integer::intValue).toArray(); // 57 colours; 57..255 unused
            byte[] r = new byte[256], g = new byte[256], b = new byte[256];
            Arrays.fill(r, (byte) 255);
            Arrays.fill(g, (byte) 255);
            Arrays.fill(b, (byte) 255);
            for (int i = 0; i < rgb.length; i++) {
                r[i] = (byte) (rgb[i] >> 16);
                g[i] = (byte) (rgb[i] >> 8);
                b[i] = (byte) rgb[i];
            }
            model = new IndexColorModel(8, 256, r, g, b, TRANSPARENT);
        }

        BufferedImage toIndexed(BufferedImage src) {
            BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_INDEXED, model);
            int w = src.getWidth(), h = src.getHeight();
            int[] row = new int[w];
            byte[] idx = new byte[w];
            for (int yy = 0; yy < h; yy++) {
                src.getRGB(0, yy, w, 1, row, 0, w);
                for (int xx = 0; xx < w; xx++) idx[xx] = (byte) (int) nearest.computeIfAbsent(row[xx] & 0xFFFFFF, this::closest);
                out.getRaster().setDataElements(0, yy, w, 1, idx);
            }
            return out;
        }

        private int closest(int c) {
            int r = (c >> 16) & 255, g = (c >> 8) & 255, b = c & 255;
            int best = 0;
            long bestD = Long.MAX_VALUE;
            for (int i = 0; i < rgb.length; i++) {
                int dr = r - ((rgb[i] >> 16) & 255), dg = g - ((rgb[i] >> 8) & 255), db = b - (rgb[i] & 255);
                long d = 2L * dr * dr + 4L * dg * dg + 3L * db * db;
                if (d < bestD) { bestD = d; best = i; }
            }
            return best;
        }
    }
}
