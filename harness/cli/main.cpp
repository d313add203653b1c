#include <cstdio>
int main() {
  std::puts("formcheck " FORMCHECK_VERSION);
  return 0;
}
