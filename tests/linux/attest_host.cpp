// SPDX-License-Identifier: BSD-2-Clause
//
// sm-attest-host EAPP RUNTIME LOADER NONCE [FREEMEM_KIB]
//
// Our host side for Keystone's unmodified attestation example (the
// "attestor" eapp on Eyrie): it links Keystone's unmodified host and edge
// libraries and serves the eapp's four ocalls the way Keystone's own
// attestor-runner does, except that the report is not parsed as Keystone's
// Ed25519/SHA3 format (this monitor emits its own, docs/attestation.md):
// its raw bytes are printed hex-encoded, for sm-verify on the build host.
//
// Prints:  NONCE <hex of the bytes given to the enclave, NUL included>
//          VALUE <n>           (the eapp's progress ocalls)
//          REPORT <hex>        (SM_REPORT_SIZE bytes)
//          RETVAL <n>          (the enclave's exit value)
// and exits 0 only if the enclave ran, returned 0 and sent a report.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "edge/edge_call.h"
#include "host/keystone.h"

#define OCALL_PRINT_BUFFER 1
#define OCALL_PRINT_VALUE 2
#define OCALL_COPY_REPORT 3
#define OCALL_GET_STRING 4

// The monitor's report size (docs/attestation.md); the eapp sends 2048.
#define SM_REPORT_SIZE 1306

static std::string nonce;
static bool got_report;

static void
hex(const char* tag, const void* p, size_t n) {
  const unsigned char* b = (const unsigned char*)p;
  printf("%s ", tag);
  for (size_t i = 0; i < n; i++) printf("%02x", b[i]);
  printf("\n");
}

static void
set_ulong_ret(struct edge_call* call, unsigned long v) {
  uintptr_t data = edge_call_data_ptr();
  memcpy((void*)data, &v, sizeof(v));
  call->return_data.call_status =
      edge_call_setup_ret(call, (void*)data, sizeof(v)) ? CALL_STATUS_BAD_PTR
                                                        : CALL_STATUS_OK;
}

static void
dispatch(void* buffer) {
  struct edge_call* call = (struct edge_call*)buffer;
  uintptr_t args;
  size_t len;

  if (call->call_id != OCALL_GET_STRING &&
      edge_call_args_ptr(call, &args, &len) != 0) {
    call->return_data.call_status = CALL_STATUS_BAD_OFFSET;
    return;
  }
  switch (call->call_id) {
    case OCALL_PRINT_BUFFER:
      printf("Enclave said: %.*s", (int)len, (const char*)args);
      set_ulong_ret(call, strnlen((const char*)args, len));
      break;
    case OCALL_PRINT_VALUE:
      printf("VALUE %lu\n", *(unsigned long*)args);
      call->return_data.call_status = CALL_STATUS_OK;
      break;
    case OCALL_COPY_REPORT:
      if (len < SM_REPORT_SIZE) {
        call->return_data.call_status = CALL_STATUS_BAD_OFFSET;
        break;
      }
      hex("REPORT", (const void*)args, SM_REPORT_SIZE);
      got_report = true;
      call->return_data.call_status = CALL_STATUS_OK;
      break;
    case OCALL_GET_STRING:
      call->return_data.call_status =
          edge_call_setup_wrapped_ret(
              call, (void*)nonce.c_str(), nonce.size() + 1)
              ? CALL_STATUS_BAD_PTR
              : CALL_STATUS_OK;
      break;
    default:
      call->return_data.call_status = CALL_STATUS_BAD_CALL_ID;
  }
  fflush(stdout);
}

int
main(int argc, char** argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: %s EAPP RUNTIME LOADER NONCE [FREEMEM_KIB]\n",
            argv[0]);
    return 2;
  }
  nonce = argv[4];
  size_t freemem = (argc > 5 ? strtoul(argv[5], NULL, 0) : 512) * 1024;

  Keystone::Enclave enclave;
  Keystone::Params params;
  params.setFreeMemSize(freemem);
  params.setUntrustedSize(256 * 1024);
  if (enclave.init(argv[1], argv[2], argv[3], params) !=
      Keystone::Error::Success) {
    fprintf(stderr, "sm-attest-host: enclave init failed\n");
    return 1;
  }
  enclave.registerOcallDispatch(dispatch);
  edge_call_init_internals(
      (uintptr_t)enclave.getSharedBuffer(), enclave.getSharedBufferSize());
  hex("NONCE", nonce.c_str(), nonce.size() + 1);
  fflush(stdout);

  uintptr_t ret = ~0UL;
  if (enclave.run(&ret) != Keystone::Error::Success) {
    fprintf(stderr, "sm-attest-host: enclave run failed\n");
    return 1;
  }
  printf("RETVAL %lu\n", (unsigned long)ret);
  return ret == 0 && got_report ? 0 : 1;
}
