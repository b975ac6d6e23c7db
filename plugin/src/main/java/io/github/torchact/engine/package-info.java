/**
 * Where an activation is computed: on DJL's PyTorch engine by libtorch's own operator (a generated
 * TorchScript module, so values and autograd gradients are PyTorch's), elsewhere by the Java kernel
 * (values only, no gradient). Blocks and the functional API both go through {@link
 * io.github.torchact.engine.ActivationRouter}.
 */
package io.github.torchact.engine;
