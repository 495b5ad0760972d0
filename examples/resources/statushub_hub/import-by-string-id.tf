import {
  to = statushub_hub.example
  id = "hub_5f0c2d9e8b7a6f1e4d3c"
}
