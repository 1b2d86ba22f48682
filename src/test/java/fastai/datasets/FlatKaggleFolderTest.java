package fastai.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Class folders -> a flat Kaggle-style folder the organizer reads. */
class FlatKaggleFolderTest {
    @TempDir Path tmp;

    static void png(Path f, int v) throws Exception {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.getRaster().setSample(x, y, 0, (v + 20 * x) & 255);
        Files.createDirectories(f.getParent());
        ImageIO.write(img, "png", f.toFile());
    }

    static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    @Test void flattensKeepingClassAndNumberAndTheOrganizerSplitsIt() throws Exception {
        Path src = tmp.resolve("src");
        for (int i = 0; i < 5; i++) png(src.resolve("sneaker/sneaker." + (10 + i) + ".png"), i);
        for (int i = 0; i < 7; i++) png(src.resolve("ankle_boot/ankle_boot." + i + ".png"), 100 + i);
        Path flat = tmp.resolve("flat");
        assertEquals(List.of("ankle_boot", "sneaker"), FlatKaggleFolder.make(src, flat, 4));
        List<String> n = names(flat);
        assertEquals(List.of("ankle_boot.0.jpg", "ankle_boot.1.jpg", "ankle_boot.2.jpg", "ankle_boot.3.jpg",
                "sneaker.10.jpg", "sneaker.11.jpg", "sneaker.12.jpg", "sneaker.13.jpg"), n);
        BufferedImage back = ImageIO.read(flat.resolve("ankle_boot.0.jpg").toFile());
        assertEquals(8, back.getWidth());
        assertTrue(Math.abs((back.getRaster().getSample(3, 2, 0)) - 160) <= 6, "JPEG keeps the pixels close");

        Path out = tmp.resolve("organized");
        KaggleDogsCats.organize(flat, out, KaggleDogsCats.Options.article(0, 0.25, 1).withClasses("ankle_boot", "sneaker"));
        assertEquals(List.of("ankle_boots", "sneakers"), names(out.resolve("train")));
        assertEquals(2, names(out.resolve("valid/ankle_boots")).size() + names(out.resolve("valid/sneakers")).size());
    }

    @Test void aFolderWithoutClassFoldersIsAClearError() throws Exception {
        Path src = tmp.resolve("loose");
        png(src.resolve("a.1.png"), 1);
        var e = assertThrows(IllegalArgumentException.class, () -> FlatKaggleFolder.make(src, tmp.resolve("x"), 0));
        assertTrue(e.getMessage().contains("class sub-folders") && e.getMessage().contains("loose"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FlatKaggleFolder.make(tmp.resolve("none"), tmp.resolve("x"), 0));
        assertTrue(e.getMessage().contains("not a folder"), e.getMessage());
    }
}
