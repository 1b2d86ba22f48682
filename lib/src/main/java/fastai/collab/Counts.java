package fastai.collab;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;

/** How often each id occurs (ratings per user, per movie), and the most frequent ids. */
public final class Counts {
    private Counts() { }

    /** id -> number of occurrences. */
    public static Map<Integer, Integer> of(int[] ids) {
        Map<Integer, Integer> c = new HashMap<>();
        for (int id : ids) c.merge(id, 1, Integer::sum);
        return c;
    }

    /** The {@code k} most frequent ids, most frequent first (ties: smaller id first). */
    public static int[] top(int[] ids, int k) {
        Map<Integer, Integer> c = of(ids);
        return c.entrySet().stream()
                .sorted((a, b) -> !a.getValue().equals(b.getValue()) ? Integer.compare(b.getValue(), a.getValue()) : Integer.compare(a.getKey(), b.getKey()))
                .limit(k).mapToInt(Map.Entry::getKey).toArray();
    }

    /** The counts themselves, as doubles (for a histogram). */
    public static double[] values(int[] ids) {
        return of(ids).values().stream().mapToDouble(Integer::doubleValue).toArray();
    }

    /** The median of the counts. */
    public static double median(int[] ids) {
        double[] v = values(ids);
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The largest count. */
    public static double max(int[] ids) {
        return of(ids).values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** How many counts fall in each bin 1, 2-3, 4-7, ... (bin b holds 2^b .. 2^(b+1)-1; the last takes the rest). */
    public static List<Integer> log2Histogram(double[] counts, int bins) {
        Integer[] h = new Integer[bins];
        Arrays.fill(h, 0);
        for (double c : counts) {
            int b = c < 1 ? 0 : Math.min(bins - 1, 31 - Integer.numberOfLeadingZeros((int) c));
            h[b]++;
        }
        return Arrays.asList(h);
    }

    /** Labels of {@link #log2Histogram}'s bins: "1", "2-3", "4-7", ..., the last "2048+" style. */
    public static List<String> log2Labels(int bins) {
        List<String> l = new ArrayList<>();
        for (int b = 0; b < bins; b++) {
            int lo = 1 << b, hi = (1 << (b + 1)) - 1;
            l.add(b == bins - 1 ? lo + "+" : lo == hi ? String.valueOf(lo) : lo + "-" + hi);
        }
        return l;
    }
}
