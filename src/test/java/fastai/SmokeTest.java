package fastai;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.*;
class SmokeTest { @Test void nd4jMultiplies() { assertEquals(11.0, org.nd4j.linalg.factory.Nd4j.create(new double[][]{{1,2}}).mmul(org.nd4j.linalg.factory.Nd4j.create(new double[][]{{1},{5}})).getDouble(0), 1e-9); } }
