package fastai.collab;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Raw ids (MovieLens's userId or movieId, with gaps: movie ids go up to 163,949 for 9,066 movies)
 * to consecutive rows 0..n-1 of an embedding matrix, in increasing id order.
 */
public final class IdIndex {
    private final String what;
    private final int[] ids;
    private final boolean identity;
    private final Map<Integer, Integer> rows = new HashMap<>();

    private IdIndex(String what, int[] sortedDistinct, boolean identity) {
        this.what = what;
        this.ids = sortedDistinct;
        this.identity = identity;
        if (!identity) for (int i = 0; i < ids.length; i++) rows.put(ids[i], i);
    }

    /** The distinct ids of {@code ids}; {@code what} ("userId", "movieId") names them in messages. */
    public static IdIndex of(String what, int[] ids) {
        return new IdIndex(what, Arrays.stream(ids).distinct().sorted().toArray(), false);
    }

    /**
     * Ids used as rows directly (id k is row k), for ids that are already 0..size-1 or nearly so,
     * as MovieLens's user ids 1..671 are. An id of {@code size} or more still maps to its own number,
     * and the model then says it is beyond its embedding.
     */
    public static IdIndex identity(String what, int size) {
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) ids[i] = i;
        return new IdIndex(what, ids, true);
    }

    public String what() { return what; }
    public int size() { return ids.length; }
    /** The embedding row of {@code id}, or -1 when the id is not in the index. */
    public int row(int id) { return identity ? (id >= 0 ? id : -1) : rows.getOrDefault(id, -1); }
    public int id(int row) { return ids[row]; }
    public boolean contains(int id) { return identity ? id >= 0 && id < ids.length : rows.containsKey(id); }

    @Override public String toString() { return what + " index: " + ids.length + " ids"; }
}
