import {
  to = statushub_component.example
  id = "hub_5f0c2d9e8b7a6f1e4d3c/cmp_a1b2c3d4e5f60718293a"
}
