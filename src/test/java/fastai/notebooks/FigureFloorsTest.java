package fastai.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The figure check itself, on a hand-made table (the notebook test then applies it to real runs). */
class FigureFloorsTest {
    private final FigureFloors floors = FigureFloors.parse("""
            # comment
            nb\tquick\tval_acc\t>=\t0.90\t0.95 on 1,000
            nb\tquick\tval_mse\t<=\t0.85\t0.80
            nb\tfull\tval_acc\t>=\t0.97\t0.98
            other\tquick\tx\t>=\t0.5\t0.6
            """);

    @Test
    void goodFiguresPass() {
        assertEquals(List.of(), floors.check("nb", "quick", Map.of("val_acc", 0.93, "val_mse", 0.81, "extra", 1.0)));
    }

    @Test
    void eachProblemIsNamed() {
        List<String> p = floors.check("nb", "quick", Map.of("val_acc", 0.5, "broken", Double.NaN));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("'val_acc' is 0.5000, below its floor >= 0.9000")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("'val_mse' was not recorded")), p.toString());
        assertTrue(p.stream().anyMatch(l -> l.contains("'broken' is NaN")), p.toString());
        assertTrue(floors.check("nb", "quick", Map.of("val_acc", 0.95, "val_mse", 0.9)).get(0).contains("above its ceiling"));
    }

    @Test
    void boundsApplyOnlyToTheirModeAndNotebook() {
        assertEquals(List.of(), floors.check("nb", "full", Map.of("val_acc", 0.975)));
        assertEquals(1, floors.check("nb", "full", Map.of("val_acc", 0.95)).size());
        assertEquals(List.of(), floors.check("unlisted", "quick", Map.of()));
    }

    @Test
    void aMalformedRowNamesItsLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FigureFloors.parse("nb\tquick\tacc\t>\t0.9\tx\n"));
        assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    }

    @Test
    void theProjectsTableParses() throws Exception {
        FigureFloors.load();
    }
}
