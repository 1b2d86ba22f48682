package fastai.collab;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
}
