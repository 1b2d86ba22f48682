package fastai.collab;

import java.util.HashMap;
import java.util.Map;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import java.util.Arrays;

/**
 * The ratings of the most active users on the most rated movies as a small dense grid (the
 * course's spreadsheet view): {@code value(i, j)} is user i's rating of movie j, NaN where the user
 * did not rate that movie.
 */
public final class Crosstab {
    private final int[] userIds, movieIds;
    private final double[][] values;

    private Crosstab(int[] userIds, int[] movieIds, double[][] values) {
        this.userIds = userIds;
        this.movieIds = movieIds;
        this.values = values;
    }

    /** The {@code nUsers} users with most ratings × the {@code nMovies} movies with most ratings. */
    public static Crosstab of(Ratings r, int nUsers, int nMovies) {
        int[] us = Counts.top(r.users(), nUsers), ms = Counts.top(r.movies(), nMovies);
        return of(r, us, ms);
    }

    /** The grid for the given users (rows) and movies (columns). */
    public static Crosstab of(Ratings r, int[] userIds, int[] movieIds) {
        Map<Integer, Integer> ui = new HashMap<>(), mi = new HashMap<>();
        for (int i = 0; i < userIds.length; i++) ui.put(userIds[i], i);
        for (int j = 0; j < movieIds.length; j++) mi.put(movieIds[j], j);
        double[][] v = new double[userIds.length][movieIds.length];
        for (double[] row : v) Arrays.fill(row, Double.NaN);
        for (int k = 0; k < r.size(); k++) {
            Integer i = ui.get(r.user(k)), j = mi.get(r.movie(k));
            if (i != null && j != null) v[i][j] = r.rating(k);
        }
        return new Crosstab(userIds.clone(), movieIds.clone(), v);
    }

    public int[] userIds() { return userIds.clone(); }
    public int[] movieIds() { return movieIds.clone(); }
    public int users() { return userIds.length; }
    public int movies() { return movieIds.length; }
    /** User i's rating of movie j, or NaN. */
    public double value(int i, int j) { return values[i][j]; }

    public int filled() {
        int n = 0;
        for (double[] row : values) for (double x : row) if (!Double.isNaN(x)) n++;
        return n;
    }

    /** As a table: a userId column, then one column per movie id (missing ratings empty). */
    public Table table() {
        Table t = Table.create("ratings of the " + users() + " most active users on the " + movies() + " most rated movies");
        t.addColumns(IntColumn.create("userId", userIds));
        for (int j = 0; j < movieIds.length; j++) {
            DoubleColumn c = DoubleColumn.create(String.valueOf(movieIds[j]));
            for (double[] row : values) {
                if (Double.isNaN(row[j])) c.appendMissing();
                else c.append(row[j]);
            }
            t.addColumns(c);
        }
        return t;
    }
}
