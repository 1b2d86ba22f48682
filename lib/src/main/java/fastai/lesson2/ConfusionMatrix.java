package fastai.lesson2;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import fastai.display.Renderable;
import fastai.display.Renderers;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts of (true class, predicted class) pairs: row = true class, column = predicted class.
 * Shows itself as a heat map with the count written in every cell and the class names on the
 * axes ({@link #image()}), and as a Tablesaw table ({@link #table()}).
 */
public final class ConfusionMatrix implements Renderable {
    private final long[][] counts;
    private final List<String> classNames;

    private ConfusionMatrix(long[][] counts, List<String> classNames) {
        this.counts = counts;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * Counts from true and predicted class indices. With class names, their number fixes the
     * number of classes and every index must be below it; without, the classes are 0..max and
     * are named by their index.
     */
    public static ConfusionMatrix of(int[] actual, int[] predicted, String... classNames) {
        if (actual == null) throw new IllegalArgumentException("actual is null");
        if (predicted == null) throw new IllegalArgumentException("predicted is null");
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " values but predicted has " + predicted.length + "; they must match");
        }
        int k;
        List<String> names = new ArrayList<>();
        if (classNames != null && classNames.length > 0) {
            k = classNames.length;
            names.addAll(List.of(classNames));
        } else {
            int max = 1;
            for (int v : actual) max = Math.max(max, v);
            for (int v : predicted) max = Math.max(max, v);
            k = max + 1;
            for (int i = 0; i < k; i++) names.add(String.valueOf(i));
        }
        long[][] m = new long[k][k];
        for (int i = 0; i < actual.length; i++) {
            checkIndex(actual[i], k, "actual", i);
            checkIndex(predicted[i], k, "predicted", i);
            m[actual[i]][predicted[i]]++;
        }
        return new ConfusionMatrix(m, names);
    }

    /** Class names given as a list. */
    public static ConfusionMatrix of(int[] actual, int[] predicted, List<String> classNames) {
        return of(actual, predicted, classNames.toArray(new String[0]));
    }

    /** Two classes: {@code probs[i]} = P(class 1); predicted class 1 when {@code probs[i] >= 0.5}. */
    public static ConfusionMatrix fromProbabilities(double[] probs, int[] labels, String... classNames) {
        LogLoss.checkBinary(probs, labels);
        int[] pred = new int[probs.length];
        for (int i = 0; i < probs.length; i++) pred[i] = probs[i] >= 0.5 ? 1 : 0;
        return of(labels, pred, classNames != null && classNames.length > 0 ? classNames : new String[] {"0", "1"});
    }

    public int numClasses() { return counts.length; }

    public List<String> classNames() { return classNames; }

    /** How many images of true class {@code actual} were predicted as {@code predicted}. */
    public long count(int actual, int predicted) { return counts[actual][predicted]; }

    /** A copy of the counts, [true][predicted]. */
    public long[][] counts() {
        long[][] out = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) out[i] = counts[i].clone();
        return out;
    }

    public long total() {
        long t = 0;
        for (long[] r : counts) for (long v : r) t += v;
        return t;
    }

    /** The diagonal over the total. */
    public double accuracy() {
        long ok = 0;
        for (int i = 0; i < counts.length; i++) ok += counts[i][i];
        return total() == 0 ? Double.NaN : (double) ok / total();
    }

    /** One row per true class, one column per predicted class. */
    public Table table() {
        StringColumn rows = StringColumn.create("true \\ predicted");
        for (String c : classNames) rows.append(c);
        Table t = Table.create("confusion matrix", rows);
        for (int j = 0; j < counts.length; j++) {
            IntColumn col = IntColumn.create(classNames.get(j));
            for (long[] row : counts) col.append((int) row[j]);
            t.addColumns(col);
        }
        return t;
    }

    /** The heat map: darker blue for larger counts, the count in each cell, predicted classes across, true classes down. */
    public BufferedImage image() {
        return image("Confusion matrix");
    }

    public BufferedImage image(String title) {
        Layout l = layout(title);
        BufferedImage img = new BufferedImage(l.width(), l.height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, l.width(), l.height());
        drawCells(g, l);
        drawClassNames(g, l);
        drawTitles(g, l);
        g.dispose();
        return img;
    }

    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);

    /** Where everything goes: square cells of {@code cell} pixels from ({@code left}, {@code top}). */
    private record Layout(int k, int cell, int left, int top, int width, int height, String title) { }

    private Layout layout(String title) {
        int k = counts.length;
        int cell = k <= 4 ? 110 : Math.max(44, 440 / k);
        // room for the longest class name on the left, and below for the rotated names
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics lfm = pg.getFontMetrics(LABEL_FONT);
        int longest = 0;
        for (String c : classNames) longest = Math.max(longest, lfm.stringWidth(c));
        String t = title + String.format(Locale.ROOT, "  (accuracy %.4f, n = %d)", accuracy(), total());
        int titleWidth = pg.getFontMetrics(TITLE_FONT).stringWidth(t);
        pg.dispose();
        int left = 40 + longest + 12;
        int top = 44;
        // class names under the columns: flat when they fit, turned otherwise
        int under = longest <= cell - 6 ? lfm.getHeight() : longest;
        int bottom = 30 + under + 12;
        int width = Math.max(left + k * cell + 30, titleWidth + 20);
        return new Layout(k, cell, left, top, width, top + k * cell + bottom, t);
    }

    /** Each count in a square shaded by its size relative to the largest count. */
    private void drawCells(Graphics2D g, Layout l) {
        int k = l.k(), cell = l.cell();
        Font countFont = new Font(Font.SANS_SERIF, Font.BOLD, k <= 4 ? 20 : 12);
        long max = 1;
        for (long[] r : counts) for (long v : r) max = Math.max(max, v);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double f = (double) counts[i][j] / max;
                int x = l.left() + j * cell, y = l.top() + i * cell;
                g.setColor(blue(f));
                g.fillRect(x, y, cell, cell);
                g.setColor(f > 0.5 ? Color.WHITE : Color.BLACK);
                g.setFont(countFont);
                String s = String.valueOf(counts[i][j]);
                FontMetrics fm = g.getFontMetrics();
                g.drawString(s, x + (cell - fm.stringWidth(s)) / 2, y + (cell + fm.getAscent() - fm.getDescent()) / 2);
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(l.left(), l.top(), k * cell, k * cell);
    }

    /** True class names down the left; predicted class names along the bottom, turned when they would not fit. */
    private void drawClassNames(Graphics2D g, Layout l) {
        int k = l.k(), cell = l.cell(), left = l.left(), top = l.top();
        g.setColor(Color.BLACK);
        g.setFont(LABEL_FONT);
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i < k; i++) {
            String name = classNames.get(i);
            g.drawString(name, left - 8 - fm.stringWidth(name), top + i * cell + (cell + fm.getAscent()) / 2 - 2);
            int cx = left + i * cell + cell / 2;
            if (fm.stringWidth(name) <= cell - 6) {
                g.drawString(name, cx - fm.stringWidth(name) / 2, top + k * cell + 4 + fm.getAscent());
            } else {
                AffineTransform old = g.getTransform();
                g.translate(cx + fm.getAscent() / 2.0, top + k * cell + 6);
                g.rotate(Math.PI / 2);
                g.drawString(name, 0, 0);
                g.setTransform(old);
            }
        }
    }

    /** The axis titles and the title with accuracy and count. */
    private void drawTitles(Graphics2D g, Layout l) {
        int side = l.k() * l.cell();
        g.setColor(Color.BLACK);
        g.setFont(LABEL_FONT.deriveFont(Font.ITALIC));
        FontMetrics fm = g.getFontMetrics();
        String px = "predicted class";
        g.drawString(px, l.left() + (side - fm.stringWidth(px)) / 2, l.height() - 10);
        AffineTransform old = g.getTransform();
        String py = "true class";
        g.translate(20, l.top() + (side + fm.stringWidth(py)) / 2.0);
        g.rotate(-Math.PI / 2);
        g.drawString(py, 0, 0);
        g.setTransform(old);
        g.setFont(TITLE_FONT);
        fm = g.getFontMetrics();
        g.drawString(l.title(), Math.max(4, (l.width() - fm.stringWidth(l.title())) / 2), 26);
    }

    private static Color blue(double f) {
        // white (f = 0) to a deep blue (f = 1)
        int r = (int) Math.round(247 + (8 - 247) * f);
        int gr = (int) Math.round(251 + (48 - 251) * f);
        int b = (int) Math.round(255 + (107 - 255) * f);
        return new Color(r, gr, b);
    }

    private static void checkIndex(int v, int k, String name, int i) {
        if (v < 0 || v >= k) {
            throw new IllegalArgumentException(name + "[" + i + "] = " + v + " is not a class index in [0, " + (k - 1) + "]");
        }
    }

    @Override public Map<String, String> mimeBundle() {
        Map<String, String> b = new LinkedHashMap<>();
        b.put("image/png", Renderers.png(image()));
        b.put("text/plain", toString());
        return b;
    }

    @Override public String toString() {
        return table().printAll();
    }
}
