"""Code of this repository that trainkit ships a copy of, because its install on EFS is all a
training instance has. `training_control` is lambda-layer/src/training_control, byte for byte
(tools/sync_training_control.py copies it; a test fails while the copy is stale). Edit the
layer's modules, never these."""
