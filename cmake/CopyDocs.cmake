# cmake -DFROM=<build>/docs -DTO=<src>/docs -P CopyDocs.cmake
# Copies every generated .md file, keeping relative paths.
file(GLOB_RECURSE generated RELATIVE ${FROM} ${FROM}/*.md)
foreach(doc ${generated})
  configure_file(${FROM}/${doc} ${TO}/${doc} COPYONLY)
endforeach()
