package io.github.torchact.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class MlpExampleTest {

    @Test
    void trainsSavesAndReloads(@TempDir Path dir) throws Exception {
        MlpExample.Result r = MlpExample.run(8, dir);
        System.out.println("MLP example: initial loss " + r.initialLoss() + ", epochs " + r.epochLosses()
                + ", final loss " + r.finalLoss() + ", PReLU slope " + r.preluSlope());
        assertTrue(r.finalLoss() < 0.5f * r.initialLoss(), "loss did not fall: " + r.initialLoss() + " -> " + r.finalLoss());
        assertTrue(r.epochLosses().get(r.epochLosses().size() - 1) < r.epochLosses().get(0), r.epochLosses().toString());
        // the slope trained from PyTorch's 0.25 initialisation (not replaced by the trainer's Xavier)
        assertNotEquals(0.25f, r.preluSlope());
        assertTrue(Math.abs(r.preluSlope() - 0.25f) < 0.5f, "slope " + r.preluSlope());
        assertArrayEquals(r.trained(), r.reloaded(), "reloaded model gives different outputs");
    }
}
