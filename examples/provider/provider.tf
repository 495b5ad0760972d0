terraform {
  required_providers {
    statushub = {
      source = "statushub-community/statushub"
    }
  }
}

# The endpoint and the API key can also come from the STATUSHUB_ENDPOINT and
# STATUSHUB_API_KEY environment variables, which keeps the secret out of the
# configuration.
provider "statushub" {
  endpoint = "https://statushub.example.com"
  api_key  = var.statushub_api_key

  # How requests that are safe to repeat are retried, and how long one
  # attempt may take: here with their defaults.
  max_retries     = 4
  retry_wait_min  = "1s"
  retry_wait_max  = "30s"
  max_retry_time  = "2m"
  request_timeout = "30s"
}

variable "statushub_api_key" {
  description = "An API key of the account owner, such as the one `statushub-server serve` prints."
  type        = string
  sensitive   = true
}
