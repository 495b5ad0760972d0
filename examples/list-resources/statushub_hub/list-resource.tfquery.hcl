# Every hub the provider's API key can see.
list "statushub_hub" "all" {
  provider         = statushub
  include_resource = true
}
