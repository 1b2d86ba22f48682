package fastai;

import java.util.List;

import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** A confusion matrix as a table: one row per true class, one column per predicted class. */
public final class Confusion {
    private Confusion() { }

    public static int[][] counts(int[] truth, int[] predicted, int numClasses) {
        if (truth.length != predicted.length) throw new IllegalArgumentException(truth.length + " labels but " + predicted.length + " predictions");
        int[][] m = new int[numClasses][numClasses];
        for (int i = 0; i < truth.length; i++) m[truth[i]][predicted[i]]++;
        return m;
    }

    public static Table table(int[] truth, int[] predicted, List<String> classes) {
        int[][] m = counts(truth, predicted, classes.size());
        StringColumn rows = StringColumn.create("true \\ predicted");
        for (String c : classes) rows.append(c);
        Table t = Table.create("confusion matrix", rows);
        for (int j = 0; j < classes.size(); j++) {
            IntColumn col = IntColumn.create(classes.get(j));
            for (int[] row : m) col.append(row[j]);
            t.addColumns(col);
        }
        return t;
    }
}
