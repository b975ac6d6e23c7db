package io.github.torchact.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.github.torchact.spec.ActivationSpec;
import io.github.torchact.spec.Catalog;
import io.github.torchact.spec.Params;

import org.junit.jupiter.api.Test;

/** Every catalog activation has a block, built without any engine, that names its spec and PyTorch's class. */
class BlockPerSpecTest {

    @Test
    void everyParameterSetBuildsItsBlock() {
        for (ActivationSpec s : Catalog.all()) {
            for (Params p : s.paramSets()) {
                ActivationBlock b = ActivationBlock.of(p);
                assertSame(s, b.spec(), s.name());
                assertEquals(s.blockName(), b.toString().replaceAll("\\(.*", ""), s.name());
            }
        }
    }
}
