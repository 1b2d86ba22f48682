package fastai.collab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollabSheetTest {
    @TempDir Path dir;

    static Ratings someRatings() {
        Random rnd = new Random(11);
        int n = 3000;
        int[] u = new int[n], m = new int[n];
        float[] s = new float[n];
        for (int i = 0; i < n; i++) {
            u[i] = 1 + (int) Math.floor(Math.abs(rnd.nextGaussian()) * 15);
            m[i] = 100 + (int) Math.floor(Math.abs(rnd.nextGaussian()) * 25);
            s[i] = 0.5f * (1 + rnd.nextInt(10));
        }
        return Ratings.of("generated", u, m, s);
    }

    @Test void formulasRecalculatedByPoiMatchNd4j() {
        Crosstab ct = Crosstab.of(someRatings(), 15, 15);
        assertEquals(15, ct.users());
        assertTrue(ct.filled() > 100 && ct.filled() < 225, "a crosstab with gaps: " + ct.filled());
        CollabSheet sheet = CollabSheet.random(ct, 5, 42).fit(500, 0.05);
        Path xlsx = sheet.write(dir.resolve("collab.xlsx"));
        CollabSheet.Check check = sheet.verify(xlsx);
        assertEquals(2 * (15 * 15 + 1), check.cellsCompared());
        assertTrue(check.maxAbsDiff() < 1e-9, check.toString());
        // the loss cells hold the MSEs, and fitting lowered the loss
        assertEquals(sheet.randomMse(), sheet.lossIn(xlsx, CollabSheet.RANDOM_SHEET), 1e-9);
        assertEquals(sheet.fittedMse(), sheet.lossIn(xlsx, CollabSheet.FITTED_SHEET), 1e-9);
        assertTrue(sheet.fittedMse() < 0.5 * sheet.randomMse(), sheet.fittedMse() + " vs " + sheet.randomMse());
    }

    @Test void crosstabByHand() {
        Ratings r = Ratings.of("x", new int[] {1, 1, 2, 3, 3, 3}, new int[] {10, 20, 10, 10, 20, 30}, new float[] {1, 2, 3, 4, 5, 0.5f});
        Crosstab ct = Crosstab.of(r, 2, 2);
        assertEquals(3, ct.userIds()[0]);   // 3 ratings
        assertEquals(1, ct.userIds()[1]);   // 2 ratings, id smaller than user 2's... user 2 has 1
        assertEquals(10, ct.movieIds()[0]);
        assertEquals(20, ct.movieIds()[1]);
        assertEquals(4.0, ct.value(0, 0));
        assertEquals(2.0, ct.value(1, 1));
        assertEquals(4, ct.filled());
        assertEquals(3, ct.table().columnCount());
    }
}
