package io.github.torchact.kernel.vector;

/**
 * A vector form whose final stores already write every NaN as the canonical NaN, in all four loops,
 * so {@link VectorForms#apply} does not wrap it in {@link CanonicalNaNLoops}: the check is one
 * compare and one blend on the vector about to be stored, instead of a second pass over the block.
 * Each store is written out as
 * <pre>{@code
 * FloatVector out = ...;
 * out.blend(Float.NaN, out.compare(VectorOperators.NE, out)).intoArray(y, ...);
 * }</pre>
 * and not through a helper method returning a vector: C2 stops inlining ordinary methods in a large
 * loop body (NodeCountInliningCutoff; OneDnnGeluF's minimax forward reaches it), and a vector passed
 * to a call that is not inlined is boxed, which made gelu about 100× slower. Every form of a kernel that writes the
 * canonical NaN implements it (sigmoid, silu, tanh, tanhshrink, gelu, gelu_tanh, softplus, mish,
 * logsigmoid, elu/celu/selu, softsign, hardsigmoid, hardswish).
 */
interface CanonicalStores extends VectorLoops {}
