package fastai.display;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;
import java.util.Arrays;

/**
 * Chooses how an object is shown, by type: images and XChart charts as PNG, Tablesaw tables as
 * an HTML table, INDArrays as text with their line breaks, shape and dtype, anything else by
 * {@code toString()}. Every bundle has a {@code text/plain} entry.
 */
public final class Renderers {
    private Renderers() { }

    public static Map<String, String> render(Object obj) {
        Map<String, String> bundle = new LinkedHashMap<>();
        if (obj == null || obj instanceof CharSequence || obj instanceof Number || obj instanceof Boolean
                || obj instanceof Character) {
            bundle.put("text/plain", String.valueOf(obj)); // first, so simple values load no image or table classes
        } else if (obj.getClass().isArray()) {
            bundle.put("text/plain", arrayText(obj));
        } else if (obj instanceof Renderable r) {
            bundle.putAll(r.mimeBundle());
            bundle.putIfAbsent("text/plain", String.valueOf(obj));
        } else if (obj instanceof BufferedImage img) {
            bundle.put("image/png", png(img));
            bundle.put("text/plain", "BufferedImage " + img.getWidth() + "x" + img.getHeight());
        } else if (obj instanceof Chart<?, ?> chart) {
            bundle.put("image/png", png(BitmapEncoder.getBufferedImage(chart)));
            bundle.put("text/plain", chart.getClass().getSimpleName() + " \"" + chart.getTitle() + "\"");
        } else if (obj instanceof Table table) {
            bundle.put("text/html", TableHtml.of(table, 50));
            bundle.put("text/plain", table.printAll().length() > 20_000 ? table.print(50) : table.printAll());
        } else if (obj instanceof INDArray arr) {
            bundle.put("text/plain", describe(arr));
        } else {
            bundle.put("text/plain", String.valueOf(obj));
        }
        return bundle;
    }

    /** An array's elements, like {@code Arrays.toString} (nested arrays too). */
    static String arrayText(Object array) {
        if (array instanceof Object[] a) return Arrays.deepToString(a);
        if (array instanceof int[] a) return Arrays.toString(a);
        if (array instanceof long[] a) return Arrays.toString(a);
        if (array instanceof double[] a) return Arrays.toString(a);
        if (array instanceof float[] a) return Arrays.toString(a);
        if (array instanceof byte[] a) return Arrays.toString(a);
        if (array instanceof short[] a) return Arrays.toString(a);
        if (array instanceof char[] a) return Arrays.toString(a);
        if (array instanceof boolean[] a) return Arrays.toString(a);
        return String.valueOf(array);
    }

    /** An INDArray's values with its line breaks kept, then its shape and data type. */
    public static String describe(INDArray arr) {
        return arr.toString() + "\n" + "shape " + Arrays.toString(arr.shape()) + ", " + arr.dataType();
    }

    public static String png(BufferedImage img) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode image as PNG", e);
        }
    }
}
